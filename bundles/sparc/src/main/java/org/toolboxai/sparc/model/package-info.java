/**
 * The measurement models of SPARC, free of OSGi and storage: Item Response Theory (2PL and 3PL,
 * EAP, MAP and MLE ability estimates), Bayesian Knowledge Tracing (with EM fitting), Elo
 * calibration and the FSRS review scheduler. Logistic scale, D = 1.
 */
package org.toolboxai.sparc.model;
