using Paylent.Domain.OAuth;

namespace Paylent.Domain.Tests.OAuth;

public sealed class PkceTests
{
    // RFC 7636 Appendix B.
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Fact]
    public void The_rfc_example_verifier_matches_its_challenge() => Assert.True(Pkce.Verifies(Verifier, Challenge));

    [Theory]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK")] // one letter's case
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")] // the challenge itself (a plain downgrade)
    [InlineData("short")]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk+")] // a character outside the unreserved set
    public void Anything_else_does_not(string verifier) => Assert.False(Pkce.Verifies(verifier, Challenge));

    [Theory]
    [InlineData(42, false)]
    [InlineData(43, true)]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void Challenges_and_verifiers_are_43_to_128_characters(int length, bool wellFormed) =>
        Assert.Equal(wellFormed, Pkce.IsWellFormed(new string('a', length)));
}
