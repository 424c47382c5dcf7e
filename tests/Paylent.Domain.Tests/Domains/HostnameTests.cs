using Paylent.Domain.Common;
using Paylent.Domain.Domains;

namespace Paylent.Domain.Tests.Domains;

public sealed class HostnameTests
{
    [Theory]
    [InlineData("auth.example.com", "auth.example.com", "auth.example.com")]
    [InlineData("Auth.EXAMPLE.com", "auth.example.com", "auth.example.com")]
    [InlineData("auth.example.com.", "auth.example.com", "auth.example.com")]
    [InlineData("bücher.example", "xn--bcher-kva.example", "bücher.example")]
    [InlineData("BÜCHER.example", "xn--bcher-kva.example", "bücher.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example", "bücher.example")]
    [InlineData("XN--BCHER-KVA.example.", "xn--bcher-kva.example", "bücher.example")]
    [InlineData("例え.テスト", "xn--r8jz45g.xn--zckzah", "例え.テスト")]
    [InlineData("a-b.c0.io", "a-b.c0.io", "a-b.c0.io")]
    [InlineData("123.example.com", "123.example.com", "123.example.com")]
    public void A_hostname_is_lower_case_ascii_without_a_trailing_dot_and_shown_in_unicode(string input, string ascii, string unicode)
    {
        var hostname = Hostname.Parse(input);

        Assert.Equal(ascii, hostname.Ascii);
        Assert.Equal(unicode, hostname.Unicode);
    }

    [Fact]
    public void Every_spelling_of_one_host_parses_to_the_same_value()
    {
        var spellings = new[] { "bücher.example", "BÜCHER.EXAMPLE.", "xn--bcher-kva.example", "Xn--Bcher-Kva.Example." };

        Assert.Single(spellings.Select(Hostname.Parse).Distinct());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("com")]
    [InlineData("localhost")]
    [InlineData("localhost.")]
    [InlineData("auth.localhost")]
    [InlineData("a.b.LOCALHOST")]
    [InlineData("*.example.com")]
    [InlineData("auth.*.example.com")]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3.")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("[2001:db8::1]")]
    [InlineData("2001:db8::1")]
    [InlineData("example.123")]
    [InlineData("-auth.example.com")]
    [InlineData("auth-.example.com")]
    [InlineData("au_th.example.com")]
    [InlineData("auth..example.com")]
    [InlineData(".example.com")]
    [InlineData("auth.example.com..")]
    [InlineData("auth example.com")]
    [InlineData("auth.example.com/path")]
    [InlineData("https://auth.example.com")]
    [InlineData("auth.example.com:443")]
    [InlineData("user@auth.example.com")]
    [InlineData("auth\0.example.com")]
    [InlineData("auth\t.example.com")]
    [InlineData("auth\u0085.example.com")]
    [InlineData("auth\uFFFD.example.com")]
    [InlineData("au\u200Bth.example.com")]
    [InlineData("au\u00ADth.example.com")]
    [InlineData("\uFEFFauth.example.com")]
    [InlineData("xn--zz.example.com")]
    [InlineData("xn--.example.com")]
    public void A_name_that_breaks_a_rule_is_refused_as_invalid_hostname(string input)
    {
        var error = Assert.Throws<DomainException>(() => Hostname.Parse(input));

        Assert.Equal("invalid_hostname", error.Code);
        Assert.Equal("hostname", error.Field);
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        Assert.Equal("invalid_hostname", Assert.Throws<DomainException>(() => Hostname.Parse("a\uD800b.example.com")).Code);
    }

    [Fact]
    public void A_label_has_at_most_63_characters()
    {
        Assert.Equal(new string('a', 63) + ".example.com", Hostname.Parse(new string('a', 63) + ".example.com").Ascii);
        Assert.Throws<DomainException>(() => Hostname.Parse(new string('a', 64) + ".example.com"));
    }

    [Fact]
    public void A_name_has_at_most_253_characters_counted_in_its_ascii_form()
    {
        var longest = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61);
        Assert.Equal(253, longest.Length);
        Assert.Equal(longest, Hostname.Parse(longest).Ascii);
        Assert.Equal(longest, Hostname.Parse(longest + ".").Ascii);

        Assert.Throws<DomainException>(() => Hostname.Parse(longest + "b"));

        // Short in Unicode, too long once each label is punycode.
        var unicode = string.Join('.', Enumerable.Repeat(string.Concat(Enumerable.Repeat("例え", 10)), 8)) + ".example";
        Assert.True(unicode.Length < 253);
        Assert.Throws<DomainException>(() => Hostname.Parse(unicode));
        Assert.Throws<DomainException>(() => Hostname.Parse(new string('a', 100_000)));
    }

    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("auth.example.com", "example.com", true)]
    [InlineData("a.b.example.com", "EXAMPLE.com.", true)]
    [InlineData("notexample.com", "example.com", false)]
    [InlineData("example.com", "auth.example.com", false)]
    public void A_hostname_is_at_or_under_a_domain_by_whole_labels(string hostname, string domain, bool under) =>
        Assert.Equal(under, Hostname.Parse(hostname).IsAtOrUnder(domain));
}
