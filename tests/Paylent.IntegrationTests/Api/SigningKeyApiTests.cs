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
        var original = (await (await api.GetAsync("/api/signing-keys")).JsonAsync()).GetProperty("data")[0].GetProperty("id").GetString()!;

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
        Assert.Single(jwks.GetProperty("keys").EnumerateArray());

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

    private static async Task<Dictionary<string, string?>> StatusesAsync(ApiClient api) =>
        (await (await api.GetAsync("/api/signing-keys")).JsonAsync()).GetProperty("data").EnumerateArray()
            .ToDictionary(k => k.GetProperty("id").GetString()!, k => k.GetProperty("attributes").GetProperty("status").GetString());
}
