package org.toolboxai.coordinator.main.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.component.ComponentInfo;
import org.toolboxai.api.component.ComponentRegistry;

/** Reads the toolbox bundles and their toolbox services straight from the framework. */
@Component(service = ComponentRegistry.class)
public class ComponentInventory implements ComponentRegistry {

    static final String PREFIX = "org.toolboxai";

    private final BundleContext context;

    /** Reads through this bundle's context. */
    @Activate
    public ComponentInventory(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<ComponentInfo> components() {
        List<ComponentInfo> result = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith(PREFIX)) {
                continue;
            }
            result.add(new ComponentInfo(bundle.getBundleId(), name,
                    bundle.getHeaders().get(Constants.BUNDLE_NAME), bundle.getVersion().toString(),
                    state(bundle.getState()), services(bundle)));
        }
        result.sort(Comparator.comparing(ComponentInfo::symbolicName));
        return result;
    }

    private static List<String> services(Bundle bundle) {
        ServiceReference<?>[] refs = bundle.getRegisteredServices();
        TreeSet<String> names = new TreeSet<>();
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                Object classes = ref.getProperty(Constants.OBJECTCLASS);
                if (classes instanceof String[] array) {
                    for (String c : array) {
                        if (c.startsWith(PREFIX) || c.equals("javax.servlet.Servlet")) {
                            names.add(c);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(names);
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
