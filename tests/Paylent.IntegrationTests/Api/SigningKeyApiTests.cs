using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Api;

/// <summary>Seed 001 through the API, on an app of its own (rotation changes the environment's keys).</summary>
public sealed class SigningKeyApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Keys_are_generated_listed_promoted_and_deactivated_by_the_seed_rules(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var api = await ApiClient.ForAsync(app);
        // The RS256 ring: what a key is generated for when the request names no algorithm.
        var original = (await (await api.GetAsync("/api/signing-keys")).JsonAsync()).GetProperty("data").EnumerateArray()
            .Single(k => k.GetProperty("attributes").GetProperty("algorithm").GetString() == "RS256").GetProperty("id").GetString()!;

        // The seed's exact request: an empty attributes object.
        var generated = await api.PostAsync("/api/signing-keys", ApiClient.Resource("signing_key", new { }));
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        var key = (await generated.JsonAsync()).GetProperty("data");
        Assert.Equal("primary", key.GetProperty("attributes").GetProperty("status").GetString());
        Assert.Equal("RS256", key.GetProperty("attributes").GetProperty("algorithm").GetString());
        var newId = key.GetProperty("id").GetString()!;

        var statuses = await StatusesAsync(api);
        Assert.Equal("primary", statuses[newId]);
        Assert.Equal("active", statuses[original]);

        var primary = await api.PatchAsync($"/api/signing-keys/{original}/set-primary");
        Assert.Equal(HttpStatusCode.OK, primary.StatusCode);
        Assert.Equal("primary", (await StatusesAsync(api))[original]);

        var deactivated = await api.PatchAsync($"/api/signing-keys/{original}/deactivate");
        Assert.Equal("deactivated", (await deactivated.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("status").GetString());

        // The caller's own token was signed by the key it just deactivated: it stops working too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/signing-keys")).StatusCode);
        api = await ApiClient.ForAsync(app);
        Assert.Equal("primary", (await StatusesAsync(api))[newId]);

        var last = await api.PatchAsync($"/api/signing-keys/{newId}/deactivate");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, last.StatusCode);
        Assert.Equal("last_active_key", (await last.JsonAsync()).GetProperty("errors")[0].GetProperty("code").GetString());

        var jwks = await (await app.Client("demo-test.localhost").GetAsync("/.well-known/jwks.json")).JsonAsync();
        Assert.Single(jwks.GetProperty("keys").EnumerateArray(), k => k.GetProperty("kty").GetString() == "RSA");

        var trail = await (await api.GetAsync("/api/audit-events?filter[action]=signing_key.deactivated")).JsonAsync();
        var changes = trail.GetProperty("data")[0].GetProperty("attributes").GetProperty("changes");
        Assert.Equal("primary", changes.GetProperty("status").GetProperty("from").GetString());
        Assert.Equal("deactivated", changes.GetProperty("status").GetProperty("to").GetString());
        // Generate demotes one; set-primary promotes one and demotes one; deactivating the primary promotes one.
        Assert.Equal(4, (await (await api.GetAsync("/api/audit-events?filter[action]=signing_key.primary_changed")).JsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_keys_are_not_found_and_a_generate_body_must_be_a_signing_key()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);

        Assert.Equal(HttpStatusCode.NotFound, (await api.PatchAsync($"/api/signing-keys/{Guid.NewGuid()}/deactivate")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/signing-keys/not-a-guid")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync("/api/signing-keys", ApiClient.Resource("oauth_client", new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.PostAsync("/api/signing-keys", ApiClient.Resource("signing_key", new { kid = "mine" }))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_es256_key_is_generated_when_asked_for_and_becomes_the_es256_primary(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var api = await ApiClient.ForAsync(app);
        var before = await AlgorithmsAsync(api);
        var oldEc = Assert.Single(before, k => k.Value == "ES256").Key;

        var generated = await api.PostAsync("/api/signing-keys", ApiClient.Resource("signing_key", new { algorithm = "ES256" }));

        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        var key = (await generated.JsonAsync()).GetProperty("data");
        Assert.Equal("ES256", key.GetProperty("attributes").GetProperty("algorithm").GetString());
        Assert.Equal("primary", key.GetProperty("attributes").GetProperty("status").GetString());
        var statuses = await StatusesAsync(api);
        Assert.Equal("active", statuses[oldEc]);
        Assert.Equal("primary", statuses[Assert.Single(before, k => k.Value == "RS256").Key]);
        var jwks = await (await app.Client("demo-test.localhost").GetAsync("/.well-known/jwks.json")).JsonAsync();
        Assert.Contains(jwks.GetProperty("keys").EnumerateArray(), k => k.GetProperty("kid").GetString() == key.GetProperty("attributes").GetProperty("kid").GetString()
            && k.GetProperty("kty").GetString() == "EC");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_generate_request_with_an_unknown_algorithm_is_a_422_pointing_at_it(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var api = await ApiClient.ForAsync(app);

        foreach (var algorithm in new object?[] { "HS256", "none", "es256", "", 256, null, new[] { "ES256" } })
        {
            var refused = await api.PostAsync("/api/signing-keys", ApiClient.Resource("signing_key", new Dictionary<string, object?> { ["algorithm"] = algorithm }));
            if (algorithm is null)
            {
                // A null attribute says nothing: the default algorithm.
                Assert.Equal(HttpStatusCode.Created, refused.StatusCode);
                Assert.Equal("RS256", (await refused.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("algorithm").GetString());
                continue;
            }

            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var error = (await refused.JsonAsync()).GetProperty("errors")[0];
            Assert.Equal("/data/attributes/algorithm", error.GetProperty("source").GetProperty("pointer").GetString());
            Assert.Equal("422", error.GetProperty("status").GetString());
        }

        Assert.Equal(3, (await StatusesAsync(api)).Count);
    }

    private static async Task<Dictionary<string, string?>> AlgorithmsAsync(ApiClient api) =>
        (await (await api.GetAsync("/api/signing-keys")).JsonAsync()).GetProperty("data").EnumerateArray()
            .ToDictionary(k => k.GetProperty("id").GetString()!, k => k.GetProperty("attributes").GetProperty("algorithm").GetString());

    private static async Task<Dictionary<string, string?>> StatusesAsync(ApiClient api) =>
        (await (await api.GetAsync("/api/signing-keys")).JsonAsync()).GetProperty("data").EnumerateArray()
            .ToDictionary(k => k.GetProperty("id").GetString()!, k => k.GetProperty("attributes").GetProperty("status").GetString());
}
