using Paylent.Domain.OAuth;

namespace Paylent.Domain.Tests.OAuth;

public sealed class WebOriginTests
{
    [Theory]
    [InlineData("https://spa.example/callback", "https://spa.example")]
    [InlineData("https://spa.example:443/callback", "https://spa.example")]
    [InlineData("https://spa.example:8443/auth/callback?tenant=acme", "https://spa.example:8443")]
    [InlineData("https://SPA.Example/callback", "https://spa.example")]
    [InlineData("https://bücher.example/callback", "https://xn--bcher-kva.example")]
    [InlineData("http://localhost:5173/callback", "http://localhost:5173")]
    [InlineData("http://LOCALHOST:5173/callback", "http://localhost:5173")]
    [InlineData("http://demo-test.localhost/callback", "http://demo-test.localhost")]
    [InlineData("http://127.0.0.1:8080/callback", "http://127.0.0.1:8080")]
    [InlineData("http://[::1]:8080/callback", "http://[::1]:8080")]
    public void A_browser_redirect_uri_gives_its_origin_as_a_browser_serializes_it(string redirectUri, string origin) =>
        Assert.Equal(origin, WebOrigin.Of(redirectUri));

    [Theory]
    [InlineData("com.example.app:/oauth2redirect")]
    [InlineData("com.example.app://callback")]
    [InlineData("http://app.example/callback")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/callback")]
    [InlineData("")]
    public void A_native_app_or_unacceptable_redirect_uri_gives_no_origin(string redirectUri) =>
        Assert.Null(WebOrigin.Of(redirectUri));

    [Theory]
    [InlineData("https://spa.example")]
    [InlineData("https://spa.example:8443")]
    [InlineData("http://localhost:5173")]
    [InlineData("http://[::1]:8080")]
    [InlineData("https://xn--bcher-kva.example")]
    public void Origins_as_browsers_send_them_are_serialized_origins(string origin) =>
        Assert.True(WebOrigin.IsSerialized(origin));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("garbage")]
    [InlineData("https://spa.example/")]
    [InlineData("https://spa.example/callback")]
    [InlineData("https://spa.example?x=1")]
    [InlineData("https://spa.example#x")]
    [InlineData("https://user@spa.example")]
    [InlineData("https://spa.example:443")]
    [InlineData("http://localhost:80")]
    [InlineData(" https://spa.example")]
    [InlineData("https://spa.example\t")]
    [InlineData("https://spa.example\u0000")]
    [InlineData("https://spa.example\r\nSet-Cookie: a=b")]
    [InlineData("https://bücher.example")]
    [InlineData("com.example.app://")]
    [InlineData("file://")]
    [InlineData("ftp://spa.example")]
    public void Anything_else_is_no_origin(string? origin) =>
        Assert.False(WebOrigin.IsSerialized(origin));

    [Fact]
    public void A_huge_origin_is_no_origin() =>
        Assert.False(WebOrigin.IsSerialized("https://" + new string('a', 60) + "." + string.Join('.', Enumerable.Repeat(new string('b', 60), 80)) + ".example"));

    [Theory]
    [InlineData("https://spa.example", true)]
    [InlineData("https://SPA.example", true)]
    [InlineData("http://localhost:5173", true)]
    [InlineData("https://spa.example:8443", false)]
    [InlineData("http://spa.example", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("https://spa.example.evil.example", false)]
    [InlineData("http://localhost:3000", false)]
    [InlineData("http://localhost", false)]
    [InlineData("com.example.app://", false)]
    [InlineData("null", false)]
    public void An_origin_is_allowed_only_when_it_is_that_of_a_registered_redirect_uri(string origin, bool allowed) =>
        Assert.Equal(allowed, WebOrigin.IsOneOf(origin, ["https://spa.example/callback", "http://localhost:5173/callback", "com.example.app:/callback"]));

    [Theory]
    [InlineData("http://127.0.0.1:5173", true)]
    [InlineData("http://127.0.0.1", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("https://127.0.0.1:5173", false)]
    [InlineData("http://127.0.0.2:5173", false)]
    [InlineData("http://localhost:5173", false)]
    public void A_loopback_ip_literal_origin_may_use_any_port_as_its_redirect_may(string origin, bool allowed) =>
        Assert.Equal(allowed, WebOrigin.IsOneOf(origin, ["http://127.0.0.1:3000/callback", "http://[::1]/callback", "http://localhost:3000/callback"]));
}
