using Paylent.Domain.OAuth;

namespace Paylent.Domain.Tests.OAuth;

public sealed class RedirectUriTests
{
    [Theory]
    [InlineData("https://app.example/callback")]
    [InlineData("https://app.example:8443/callback?tenant=acme")]
    [InlineData("http://localhost/callback")]
    [InlineData("http://localhost:5173/callback")]
    [InlineData("http://LOCALHOST:5173/callback")]
    [InlineData("http://127.0.0.1:8080/callback")]
    [InlineData("http://[::1]:8080/callback")]
    [InlineData("http://demo-test.localhost/callback")]
    [InlineData("com.example.app:/oauth2redirect")]
    [InlineData("com.example.app://callback")]
    public void Acceptable_redirect_uris_have_no_problem(string uri) =>
        Assert.Null(RedirectUri.Problem(uri));

    [Theory]
    [InlineData("http://app.example/callback")]
    [InlineData("http://localhost.evil.example/callback")]
    [InlineData("http://localhost@evil.example/callback")]
    [InlineData("http://10.0.0.1/callback")]
    public void Plain_http_is_only_for_loopback_hosts(string uri) =>
        Assert.Contains("https", RedirectUri.Problem(uri), StringComparison.Ordinal);

    [Theory]
    [InlineData("https://app.example/callback#")]
    [InlineData("https://app.example/callback#state")]
    [InlineData("http://localhost/callback#x")]
    [InlineData("com.example.app:/callback#x")]
    public void A_fragment_is_rejected(string uri) =>
        Assert.Contains("fragment", RedirectUri.Problem(uri), StringComparison.Ordinal);

    [Theory]
    [InlineData("callback")]
    [InlineData("app.example/callback")]
    [InlineData("/callback")]
    [InlineData("//app.example/callback")]
    [InlineData("?code=1")]
    public void Relative_references_are_rejected(string uri) =>
        Assert.NotNull(RedirectUri.Problem(uri));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("file:///etc/passwd")]
    [InlineData("vbscript:msgbox(1)")]
    public void Dangerous_schemes_are_rejected(string uri) =>
        Assert.Equal("this scheme is not allowed.", RedirectUri.Problem(uri));

    [Theory]
    [InlineData("myapp:/callback")]
    [InlineData("ftp://files.example/callback")]
    public void A_custom_scheme_must_be_a_reverse_domain_name(string uri) =>
        Assert.Contains("reverse domain", RedirectUri.Problem(uri), StringComparison.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("https://app.example/call back")]
    [InlineData("https://app.example/callback\n")]
    [InlineData("https://app.example/\r\nSet-Cookie:x=1")]
    [InlineData("https://app.example/\u0000callback")]
    [InlineData("https://app.example/\u007fcallback")]
    [InlineData("https://app.example/\tcallback")]
    public void Blank_values_spaces_and_control_characters_are_rejected(string uri) =>
        Assert.Equal("not a URI.", RedirectUri.Problem(uri));

    [Fact]
    public void A_redirect_uri_is_at_most_2000_characters()
    {
        const string prefix = "https://app.example/";
        var longest = prefix + new string('a', RedirectUri.MaxLength - prefix.Length);

        Assert.Equal(2000, longest.Length);
        Assert.Null(RedirectUri.Problem(longest));
        Assert.Equal("not a URI.", RedirectUri.Problem(longest + "a"));
    }

    [Theory]
    [InlineData("https://api.example", true)]
    [InlineData("https://api.example/v1?x=1", true)]
    [InlineData("urn:example:billing", true)]
    [InlineData("api.example", false)]
    [InlineData("https://api.example/#v1", false)]
    public void Absolute_without_fragment_is_what_resources_and_audiences_must_be(string value, bool expected) =>
        Assert.Equal(expected, RedirectUri.IsAbsoluteWithoutFragment(value));

    [Fact]
    public void An_absolute_uri_longer_than_2000_characters_is_not_accepted_as_a_resource() =>
        Assert.False(RedirectUri.IsAbsoluteWithoutFragment("https://api.example/" + new string('a', RedirectUri.MaxLength)));

    [Theory]
    [InlineData("https://app.example/cb", "https://app.example/cb", true)]
    [InlineData("https://app.example/cb", "https://app.example/cb/", false)]
    [InlineData("https://app.example/cb", "https://APP.example/cb", false)]
    [InlineData("https://app.example:8443/cb", "https://app.example:9443/cb", false)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:51004/callback", true)]
    [InlineData("http://127.0.0.1:8080/callback", "http://127.0.0.1:51004/callback", true)]
    [InlineData("http://127.0.0.1:8080/callback", "http://127.0.0.1/callback", true)]
    [InlineData("http://[::1]/cb?x=1", "http://[::1]:6000/cb?x=1", true)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:51004/other", false)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:51004@evil.example/callback", false)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1.evil.example/callback", false)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:123456/callback", false)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:99999/callback", false)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:0/callback", false)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:65535/callback", true)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:1/callback", true)]
    [InlineData("http://127.0.0.1/callback", "https://127.0.0.1:51004/callback", false)]
    [InlineData("http://localhost/callback", "http://localhost:51004/callback", false)]
    [InlineData("com.example.app:/cb", "com.example.app:/cb", true)]
    public void A_redirect_uri_matches_exactly_except_a_loopback_ip_port_rfc8252_7_3(string registered, string requested, bool expected) =>
        Assert.Equal(expected, RedirectUri.Matches(registered, requested));
}
