using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Api;

/// <summary>
/// A PATCH is one command that merges the attributes it carries onto the resource as it is when it
/// runs: simultaneous PATCHes of different attributes all land, none undoes another (a GET then an
/// UPDATE in two units of work would write back the stale values of the other's fields).
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class ConcurrentPatchTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Simultaneous_patches_of_different_user_attributes_all_land(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var user = await app.CreateUserAsync();
        var patches = new (string Name, string Value)[] { ("given_name", "Grace"), ("family_name", "Hopper"), ("username", "grace-" + Guid.NewGuid().ToString("N")[..8]) };

        var answers = await Task.WhenAll(patches.Select(p =>
            api.PatchAsync($"/api/users/{user.Id}", ApiClient.Resource("user", new Dictionary<string, object?> { [p.Name] = p.Value }))));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        var attributes = (await (await api.GetAsync($"/api/users/{user.Id}")).JsonAsync()).GetProperty("data").GetProperty("attributes");
        Assert.All(patches, p => Assert.Equal(p.Value, attributes.GetProperty(p.Name).GetString()));
        Assert.Equal(user.Email, attributes.GetProperty("email").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Simultaneous_patches_of_different_client_attributes_all_land(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var client = await app.CreateClientAsync();
        var patches = new Dictionary<string, object?>[]
        {
            new() { ["name"] = "Renamed service" },
            new() { ["access_token_lifetime"] = 600 },
            new() { ["allowed_scopes"] = new[] { "orders:read" } },
        };

        var answers = await Task.WhenAll(patches.Select(p => api.PatchAsync($"/api/oauth-clients/{client.Client.Id}", ApiClient.Resource("oauth_client", p))));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        var attributes = (await (await api.GetAsync($"/api/oauth-clients/{client.Client.Id}")).JsonAsync()).GetProperty("data").GetProperty("attributes");
        Assert.Equal("Renamed service", attributes.GetProperty("name").GetString());
        Assert.Equal(600, attributes.GetProperty("access_token_lifetime").GetInt32());
        Assert.Equal(["orders:read"], attributes.GetProperty("allowed_scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["client_credentials"], attributes.GetProperty("grant_types").EnumerateArray().Select(s => s.GetString()));
    }
}
