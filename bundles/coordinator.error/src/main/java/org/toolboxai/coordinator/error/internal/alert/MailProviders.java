package org.toolboxai.coordinator.error.internal.alert;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The class loader Jakarta Mail needs as the thread's context class loader in OSGi.
 *
 * <p>Why: Jakarta Mail 2.1 finds its implementation with {@code java.util.ServiceLoader}, first
 * through the thread context class loader ({@code FactoryFinder} for
 * {@code jakarta.mail.util.StreamProvider}: TCCL, then the API bundle's own loader, then the system
 * loader, then HK2). In OSGi none of these sees Angus Mail's {@code META-INF/services}, so
 * {@code Session.getInstance} fails with "No provider of jakarta.mail.util.StreamProvider was found".
 * Likewise Jakarta Activation finds Angus Activation (the mailcap registry, needed to write a
 * {@code text/plain} body) through the TCCL. The API bundles declare the OSGi Service Loader
 * Mediator requirements ({@code osgi.serviceloader.processor}) as optional, so they resolve without
 * a mediator; with Aries SPI Fly installed (Karaf's {@code spifly} feature) their ServiceLoader
 * calls would be woven, but that puts a weaving hook on the whole framework for one call site and
 * is one more runtime piece that must be present. So this channel does not depend on it: a loader
 * over the bundles that declare they provide these services ({@code Provide-Capability:
 * osgi.serviceloader}, which Angus Mail and Angus Activation do), found in the framework, not named
 * in code, is set as TCCL around Session creation and sending. It works with SPI Fly present too.
 * Outside OSGi (unit tests) there is nothing to do: the class path sees everything.
 */
final class MailProviders {

    static final String NAMESPACE = "osgi.serviceloader";
    static final Set<String> SERVICES = Set.of("jakarta.mail.util.StreamProvider", "jakarta.mail.Provider",
            "jakarta.activation.spi.MailcapRegistryProvider", "jakarta.activation.spi.MimeTypeRegistryProvider");

    /** The provider bundles seen last and the loader made for them (reused while they stay). */
    private record Cached(List<Long> ids, List<Long> modified, ClassLoader loader) {
    }

    private static volatile Cached cached;

    private MailProviders() {
    }

    /**
     * The loader to make the TCCL while Jakarta Mail runs, or {@code null} outside OSGi or when no
     * bundle provides a Jakarta Mail implementation.
     */
    static ClassLoader contextLoader() {
        Bundle own = FrameworkUtil.getBundle(MailProviders.class);
        BundleContext context = own == null ? null : own.getBundleContext();
        if (context == null) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        List<Long> modified = new ArrayList<>();
        List<ClassLoader> loaders = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null || !wiring.isCurrent() || !provides(wiring.getRevision())) {
                continue;
            }
            ClassLoader loader = wiring.getClassLoader();
            if (loader != null) {
                ids.add(bundle.getBundleId());
                modified.add(bundle.getLastModified());
                loaders.add(loader);
            }
        }
        if (loaders.isEmpty()) {
            return null;
        }
        Cached last = cached;
        if (last != null && last.ids().equals(ids) && last.modified().equals(modified)) {
            return last.loader();
        }
        loaders.add(MailProviders.class.getClassLoader());
        ClassLoader loader = new Composite(loaders);
        cached = new Cached(ids, modified, loader);
        return loader;
    }

    private static boolean provides(BundleRevision revision) {
        for (BundleCapability capability : revision.getDeclaredCapabilities(NAMESPACE)) {
            if (SERVICES.contains(String.valueOf(capability.getAttributes().get(NAMESPACE)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The provider bundles' loaders, then this bundle's, asked directly (the parent is only the boot
     * loader). Not this bundle's first: a bundle loader asked for a class it cannot see may fall back
     * to the framework's parent loader (Felix's implicit boot delegation, for requests that come from
     * outside the framework such as {@code ServiceLoader}), where another copy of Angus Mail may be
     * (a test's class path), whose classes do not implement this framework's Jakarta Mail API.
     */
    private static final class Composite extends ClassLoader {
        private final List<ClassLoader> providers;

        Composite(List<ClassLoader> providers) {
            super("jakarta-mail-providers", null);
            this.providers = List.copyOf(providers);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            for (ClassLoader provider : providers) {
                try {
                    return provider.loadClass(name);
                } catch (ClassNotFoundException e) {
                    // the next one may have it
                }
            }
            throw new ClassNotFoundException(name);
        }

        @Override
        protected URL findResource(String name) {
            for (ClassLoader provider : providers) {
                URL url = provider.getResource(name);
                if (url != null) {
                    return url;
                }
            }
            return null;
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            List<URL> urls = new ArrayList<>();
            for (ClassLoader provider : providers) {
                urls.addAll(Collections.list(provider.getResources(name)));
            }
            return Collections.enumeration(urls);
        }
    }
}
