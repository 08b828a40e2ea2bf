package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryEndpointTest {

    private static RegistryEndpoint endpointOf(String image, InsecureRegistries insecure) {
        return RegistryEndpoint.of(ImageRef.parse(image).registry(), insecure);
    }

    @Test
    void mapsDockerHubToItsRegistryApiHostOverHttps() {
        RegistryEndpoint hub = endpointOf("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime", InsecureRegistries.loopbackOnly());

        assertThat(hub.registry()).isEqualTo("docker.io");
        assertThat(hub.manifestUri("pytorch/pytorch", "2.5.1-cuda12.4-cudnn9-runtime"))
                .isEqualTo(URI.create("https://registry-1.docker.io/v2/pytorch/pytorch/manifests/2.5.1-cuda12.4-cudnn9-runtime"));
        assertThat(hub.hostPort()).isEqualTo("registry-1.docker.io:443");
    }

    @Test
    void mapsOfficialImagesToTheLibraryRepository() {
        assertThat(endpointOf("ubuntu", InsecureRegistries.loopbackOnly()).manifestUri("library/ubuntu", "latest"))
                .hasToString("https://registry-1.docker.io/v2/library/ubuntu/manifests/latest");
    }

    @Test
    void usesPlainHttpForLoopbackRegistriesByDefault() {
        InsecureRegistries defaults = InsecureRegistries.loopbackOnly();

        assertThat(endpointOf("127.0.0.1:5000/gt/small:1", defaults).baseUri()).isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertThat(endpointOf("127.3.2.1:5000/gt/small:1", defaults).baseUri()).isEqualTo(URI.create("http://127.3.2.1:5000"));
        assertThat(endpointOf("localhost:5000/gt/small:1", defaults).baseUri()).isEqualTo(URI.create("http://localhost:5000"));
        assertThat(endpointOf("[::1]:5000/gt/small:1", defaults).hostPort()).isEqualTo("[::1]:5000");
        assertThat(endpointOf("[::1]:5000/gt/small:1", defaults).baseUri().getScheme()).isEqualTo("http");
    }

    @Test
    void usesHttpsForOtherRegistriesAndNamesThatOnlyLookLoopback() {
        InsecureRegistries defaults = InsecureRegistries.loopbackOnly();

        assertThat(endpointOf("ghcr.io/org/train:1", defaults).baseUri()).isEqualTo(URI.create("https://ghcr.io"));
        assertThat(endpointOf("127.0.0.1.nip.io:5000/gt/small:1", defaults).baseUri().getScheme()).isEqualTo("https");
        assertThat(endpointOf("localhost.example.com/gt/small:1", defaults).baseUri().getScheme()).isEqualTo("https");
        assertThat(endpointOf("128.0.0.1:5000/gt/small:1", defaults).baseUri().getScheme()).isEqualTo("https");
    }

    @Test
    void usesPlainHttpForConfiguredHostsOnAnyPortOrForOneHostPort() {
        InsecureRegistries insecure = InsecureRegistries.loopbackAnd(List.of("Registry.LAN", "build.lan:5000"));

        assertThat(endpointOf("registry.lan:8443/a:1", insecure).baseUri()).isEqualTo(URI.create("http://registry.lan:8443"));
        assertThat(endpointOf("build.lan:5000/a:1", insecure).baseUri().getScheme()).isEqualTo("http");
        assertThat(endpointOf("build.lan:5001/a:1", insecure).baseUri().getScheme()).isEqualTo("https");
    }

    @Test
    void usesHttpsEvenOnLoopbackWhenNoRegistryIsInsecure() {
        assertThat(endpointOf("127.0.0.1:5000/gt/small:1", InsecureRegistries.none()).baseUri())
                .isEqualTo(URI.create("https://127.0.0.1:5000"));
    }

    @Test
    void fillsTheDefaultPortForMessages() {
        assertThat(endpointOf("localhost/gt/small:1", InsecureRegistries.loopbackOnly()).hostPort()).isEqualTo("localhost:80");
    }
}
