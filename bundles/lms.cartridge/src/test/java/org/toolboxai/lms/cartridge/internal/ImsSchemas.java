package org.toolboxai.lms.cartridge.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * The IMS schemas under {@code src/test/resources/ims} (see its README), loaded offline: every
 * import is answered from those files by name, and an import of anything else fails the test.
 */
final class ImsSchemas {

    /** Remote schema locations the IMS files import, by their last path segment, to the local copies. */
    private static final Map<String, String> LOCAL = Map.of(
            "xml.xsd", "/ims/xml.xsd",
            "ccv1p1_imsccauth_v1p1.xsd", "/ims/cc11/ccv1p1_imsccauth_v1p1.xsd",
            "ccv1p1_lommanifest_v1p0.xsd", "/ims/cc11/ccv1p1_lommanifest_v1p0.xsd",
            "ccv1p1_lomresource_v1p0.xsd", "/ims/cc11/ccv1p1_lomresource_v1p0.xsd",
            "imsbasiclti_v1p0p1.xsd", "/ims/cc11/imsbasiclti_v1p0p1.xsd",
            "imslticm_v1p0.xsd", "/ims/cc11/imslticm_v1p0.xsd",
            "imslticp_v1p0.xsd", "/ims/cc11/imslticp_v1p0.xsd");

    static final Schema CC_MANIFEST = load("/ims/cc11/ccv1p1_imscp_v1p2_v1p0.xsd");
    static final Schema CC_QTI = load("/ims/cc11/ccv1p1_qtiasiv1p2p1_v1p0.xsd");
    static final Schema QTI = load("/ims/qti12/ims_qtiasiv1p2.xsd");
    static final Schema CP = load("/ims/cp114/imscp_v1p1.xsd");

    private ImsSchemas() {
    }

    private static Schema load(String resource) {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setResourceResolver(new Resolver());
            URL url = ImsSchemas.class.getResource(resource);
            return factory.newSchema(new StreamSource(url.openStream(), url.toExternalForm()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load " + resource + ": " + e, e);
        }
    }

    /** Every problem the schema finds in the document, as "line:column message"; empty when it is valid. */
    static List<String> problems(Schema schema, byte[] xml) throws Exception {
        List<String> problems = new ArrayList<>();
        Validator validator = schema.newValidator();
        validator.setResourceResolver(new Resolver());
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
            }
        });
        validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
        return problems;
    }

    private static final class Resolver implements LSResourceResolver {
        @Override
        public LSInput resolveResource(String type, String namespace, String publicId, String systemId, String baseUri) {
            if (systemId == null) {
                throw new IllegalStateException("an import without a location, namespace " + namespace);
            }
            String name = systemId.substring(systemId.lastIndexOf('/') + 1);
            String local = LOCAL.get(name);
            if (local == null) {
                throw new IllegalStateException("no local copy of " + systemId + " (imported from " + baseUri + ")");
            }
            URL url = ImsSchemas.class.getResource(local);
            return new Input(publicId, url.toExternalForm());
        }
    }

    private record Input(String publicId, String systemId) implements LSInput {
        @Override
        public InputStream getByteStream() {
            try {
                return new URL(systemId).openStream();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public Reader getCharacterStream() {
            return null;
        }

        @Override
        public void setCharacterStream(Reader characterStream) {
        }

        @Override
        public void setByteStream(InputStream byteStream) {
        }

        @Override
        public String getStringData() {
            return null;
        }

        @Override
        public void setStringData(String stringData) {
        }

        @Override
        public String getSystemId() {
            return systemId;
        }

        @Override
        public void setSystemId(String systemId) {
        }

        @Override
        public String getPublicId() {
            return publicId;
        }

        @Override
        public void setPublicId(String publicId) {
        }

        @Override
        public String getBaseURI() {
            return null;
        }

        @Override
        public void setBaseURI(String baseURI) {
        }

        @Override
        public String getEncoding() {
            return null;
        }

        @Override
        public void setEncoding(String encoding) {
        }

        @Override
        public boolean getCertifiedText() {
            return false;
        }

        @Override
        public void setCertifiedText(boolean certifiedText) {
        }
    }
}
