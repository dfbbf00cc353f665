package dev.slimfit.api.auth;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A bearer secret, before ({@link #unresolved}) and after ({@link #resolved}) {@link BearerAuthenticationProvider}
 * looked it up. The secret is dropped once resolved and never printed.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

    private final transient String secret;
    private final Caller caller;

    private CallerAuthentication(String secret, Caller caller) {
        super(caller == null ? List.of() : List.of(new SimpleGrantedAuthority(caller.kind().authority())));
        this.secret = secret;
        this.caller = caller;
        setAuthenticated(caller != null);
    }

    static CallerAuthentication unresolved(String secret) {
        return new CallerAuthentication(secret, null);
    }

    static CallerAuthentication resolved(Caller caller) {
        return new CallerAuthentication(null, caller);
    }

    String secret() {
        return secret;
    }

    @Override
    public Object getCredentials() {
        return secret;
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller == null ? "unresolved" : caller.kind().name();
    }

    @Override
    public String toString() {
        return "CallerAuthentication[" + (caller == null ? "unresolved" : caller) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallerAuthentication other && java.util.Objects.equals(caller, other.caller)
                && java.util.Objects.equals(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(caller, secret);
    }
}
