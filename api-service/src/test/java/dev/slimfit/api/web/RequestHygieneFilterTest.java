package dev.slimfit.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestHygieneFilterTest {

    @Test
    void strictDecodingOfQueryStrings() {
        assertThat(RequestHygieneFilter.decode("a+b%20c%C3%A9")).isEqualTo("a b cé");
        assertThat(RequestHygieneFilter.decode("%ff")).isNull();
        assertThat(RequestHygieneFilter.decode("%")).isNull();
        assertThat(RequestHygieneFilter.decode("%4")).isNull();
        assertThat(RequestHygieneFilter.decode("%zz")).isNull();
        assertThat(RequestHygieneFilter.decode("%00")).isNull();
        assertThat(RequestHygieneFilter.badQueryParameter("page=1&size=%ff")).isEqualTo("size");
        assertThat(RequestHygieneFilter.badQueryParameter("page=1&&size=20&flag")).isNull();
        assertThat(RequestHygieneFilter.badQueryParameter("%ff=1")).isEqualTo("%ff");
    }

    @Test
    void aQueryValueWithoutAParameterNameIsUnreadable() {
        var request = new org.springframework.mock.web.MockHttpServletRequest("GET", "/api/v1/jobs");
        request.setQueryString("size=5");
        assertThat(RequestHygieneFilter.unreadableParameters(request)).isNull();
        for (String query : new String[] {"=1", "size=5&==", "size=5&=", "&&=x"}) {
            request.setQueryString(query);
            assertThat(RequestHygieneFilter.unreadableParameters(request)).as(query).contains("without a parameter name");
        }
    }

    @Test
    void contentTypes() {
        assertThat(RequestHygieneFilter.unacceptableContentType("application/json")).isNull();
        assertThat(RequestHygieneFilter.unacceptableContentType("application/json; charset=UTF-8")).isNull();
        assertThat(RequestHygieneFilter.unacceptableContentType("application/octet-stream")).isNull();
        assertThat(RequestHygieneFilter.unacceptableContentType("*/*")).isNotNull();
        assertThat(RequestHygieneFilter.unacceptableContentType("application/*")).isNotNull();
        assertThat(RequestHygieneFilter.unacceptableContentType("nonsense")).isNotNull();
        assertThat(RequestHygieneFilter.unacceptableContentType("application/json;charset=klingon")).isNotNull();
        assertThat(RequestHygieneFilter.unacceptableContentType("application/x-www-form-urlencoded")).isNotNull();
        assertThat(RequestHygieneFilter.unacceptableContentType("multipart/form-data; boundary=x")).isNotNull();
    }
}
