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
    public void It_never_holds_more_than_two_generations_and_keeps_the_token_in_use_however_many_pass_once()
    {
        var verified = new VerifiedAccessTokens();
        var inUse = VerifiedAccessTokens.KeyOf("in-use");
        verified.Add(inUse, Claims("in-use"));
        for (var i = 0; i <= VerifiedAccessTokens.Capacity * 5; i++)
        {
            verified.Add(VerifiedAccessTokens.KeyOf($"token-{i}"), Claims(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.InRange(verified.Count, 1, VerifiedAccessTokens.Capacity * 2);
            if (i % 100 == 0)
            {
                Assert.Equal("in-use", verified.Find(inUse)?.Jti);
            }
        }

        Assert.NotNull(verified.Find(VerifiedAccessTokens.KeyOf($"token-{VerifiedAccessTokens.Capacity * 5}")));
        Assert.Null(verified.Find(VerifiedAccessTokens.KeyOf("token-0")));
    }
}
