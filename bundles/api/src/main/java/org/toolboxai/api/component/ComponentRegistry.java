package org.toolboxai.api.component;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** What toolbox components are installed right now. */
@ProviderType
public interface ComponentRegistry {

    /** Every toolbox bundle with its state and provided services, ordered by symbolic name. */
    List<ComponentInfo> components();
}
