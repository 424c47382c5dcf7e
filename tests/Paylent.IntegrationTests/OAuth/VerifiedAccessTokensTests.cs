using Paylent.Application.OAuth;
using Paylent.Infrastructure.OAuth;

namespace Paylent.IntegrationTests.OAuth;

public sealed class VerifiedAccessTokensTests
{
    private static AccessTokenClaims Claims(string jti) =>
        new("http://demo-test.localhost", "sub", "client", ["http://demo-test.localhost"], "openid", DateTime.UtcNow, DateTime.UtcNow.AddHours(1), jti);

    [Fact]
    public void A_token_is_found_by_its_exact_text_only()
    {
        var verified = new VerifiedAccessTokens();
        verified.Add(VerifiedAccessTokens.KeyOf("header.payload.signature"), Claims("a"));

        Assert.Equal("a", verified.Find(VerifiedAccessTokens.KeyOf("header.payload.signature"))?.Jti);
        Assert.Null(verified.Find(VerifiedAccessTokens.KeyOf("header.payload.signaturE")));
        Assert.Null(verified.Find(VerifiedAccessTokens.KeyOf("header.payload.signature ")));
    }

    [Fact]
    public void It_never_holds_more_than_its_capacity()
    {
        var verified = new VerifiedAccessTokens();
        for (var i = 0; i <= VerifiedAccessTokens.Capacity * 2; i++)
        {
            verified.Add(VerifiedAccessTokens.KeyOf($"token-{i}"), Claims(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.InRange(verified.Count, 1, VerifiedAccessTokens.Capacity);
        }

        Assert.NotNull(verified.Find(VerifiedAccessTokens.KeyOf($"token-{VerifiedAccessTokens.Capacity * 2}")));
    }
}
