package dev.slimfit.api.web;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Decides content negotiation before a handler runs: an {@code Accept} that none of the handler's possible
 * answers satisfies (e.g. {@code text/html} or {@code application/xml} on a JSON endpoint) is a 406 problem+json
 * before the request does anything, instead of a 406 after a job was created, a device registered or a job
 * claimed. What a handler can answer is what the message converters can write for its return type (a JSON body:
 * {@code application/json} and {@code application/*+json}, so {@code application/problem+json} is fine; raw bytes:
 * anything). Handlers with a {@code produces} were already matched against {@code Accept} by Spring MVC.
 */
@Configuration(proxyBeanMethods = false)
class AcceptBeforeWork implements WebMvcConfigurer, HandlerInterceptor {

    private final ObjectProvider<RequestMappingHandlerAdapter> adapter;
    private final ContentNegotiationManager negotiation = new ContentNegotiationManager();

    AcceptBeforeWork(ObjectProvider<RequestMappingHandlerAdapter> adapter) {
        this.adapter = adapter;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        if (!(handler instanceof HandlerMethod method)
                || request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE) != null) {
            return true;
        }
        List<MediaType> accepted = negotiation.resolveMediaTypes(new ServletWebRequest(request));
        if (accepted.isEmpty() || accepted.contains(MediaType.ALL)) {
            return true;
        }
        Class<?> body = bodyType(method);
        if (body == null) {
            return true;
        }
        List<MediaType> producible = producible(body);
        for (MediaType want : accepted) {
            for (MediaType can : producible) {
                if (want.isCompatibleWith(can)) {
                    return true;
                }
            }
        }
        throw new HttpMediaTypeNotAcceptableException(producible.stream().filter(MediaType::isConcrete).toList());
    }

    private List<MediaType> producible(Class<?> body) {
        Set<MediaType> types = new LinkedHashSet<>();
        for (HttpMessageConverter<?> converter : adapter.getObject().getMessageConverters()) {
            if (converter.canWrite(body, null)) {
                types.addAll(converter.getSupportedMediaTypes(body));
            }
        }
        return new ArrayList<>(types);
    }

    /** The class of the body a handler answers with, or null when it answers none. */
    static Class<?> bodyType(HandlerMethod method) {
        return bodyType(method.getReturnType().getGenericParameterType());
    }

    /** Looks through the asynchronous wrappers (a long poll's DeferredResult) and ResponseEntity to the body. */
    private static Class<?> bodyType(Type type) {
        Class<?> raw = type instanceof Class<?> c ? c
                : type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c2 ? c2 : Object.class;
        if (raw == void.class || raw == Void.class || StreamingResponseBody.class.isAssignableFrom(raw)) {
            return null;    // no body a converter writes (a stream's content type is its own)
        }
        if (HttpEntity.class.isAssignableFrom(raw) || DeferredResult.class.isAssignableFrom(raw)
                || CompletionStage.class.isAssignableFrom(raw)) {
            return type instanceof ParameterizedType parameterized
                    ? bodyType(parameterized.getActualTypeArguments()[0]) : Object.class;
        }
        return raw;
    }
}
