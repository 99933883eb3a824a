package org.toolboxai.web.internal;

import java.security.Principal;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/** Logs in against a Karaf JAAS realm ({@code karaf} by default, as SSH logins do). */
final class JaasPasswordRealm implements PasswordRealm {

    private final String realm;

    JaasPasswordRealm(String realm) {
        this.realm = realm;
    }

    @Override
    public Optional<Set<String>> login(String user, char[] password) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // the JAAS proxy login module is loaded through the context class loader
        thread.setContextClassLoader(JaasPasswordRealm.class.getClassLoader());
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks -> {
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback pass) {
                        pass.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            context.login();
            Set<String> roles = new HashSet<>();
            for (Principal principal : subject.getPrincipals(RolePrincipal.class)) {
                roles.add(principal.getName());
            }
            context.logout();
            return Optional.of(roles);
        } catch (LoginException e) {
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
