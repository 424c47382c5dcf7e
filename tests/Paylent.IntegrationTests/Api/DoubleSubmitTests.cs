using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;
using static Paylent.IntegrationTests.Organizations.OrganizationApi;

namespace Paylent.IntegrationTests.Api;

/// <summary>
/// The same request sent several times at once (a double click, a client's retry) answers each time as
/// it would one after the other: a lost race is run again, never answered 409 in its own name.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class DoubleSubmitTests(Apps apps)
{
    private const int Times = 5;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Changes_sent_several_times_at_once_all_succeed_and_deletes_answer_as_one_after_the_other(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var user = await app.CreateUserAsync();
        var session = await app.SignInAsync(user.Email);
        var role = await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("twice"));
        var permission = await AccessApiTests.CreatePermissionAsync(api, $"{AccessApiTests.Unique("twice")}:read");
        var organization = (await CreateAsync(api, AccessApiTests.Unique("twice-"))).GetProperty("id").GetString()!;

        await AllAsync(HttpStatusCode.NoContent, () => api.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.SessionId}"));
        await AllAsync(HttpStatusCode.OK, () => AccessApiTests.LinkAsync(api, $"/api/roles/{role}/relationships/permissions", "permission", permission));
        await AllAsync(HttpStatusCode.OK, () => api.SendAsync(HttpMethod.Delete, $"/api/roles/{role}/relationships/permissions", JsonSerializer.Serialize(AccessApiTests.Linkage("permission", permission))));
        await AllAsync(HttpStatusCode.OK, () => api.PatchAsync($"/api/roles/{role}", ApiClient.Resource("role", new { name = "Twice", description = "Sent twice" })));
        await AllAsync(HttpStatusCode.OK, () => api.PatchAsync($"/api/permissions/{permission}", ApiClient.Resource("permission", new { description = "Sent twice" })));
        await AllAsync(HttpStatusCode.OK, () => api.PatchAsync($"/api/organizations/{organization}", ApiClient.Resource("organization", new { name = "Twice" })));

        // A delete sent again finds nothing: one 204, the others 404, as one after the other.
        foreach (var path in new[] { $"/api/roles/{role}", $"/api/permissions/{permission}", $"/api/organizations/{organization}" })
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, Times).Select(_ => api.SendAsync(HttpMethod.Delete, path)));
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
            Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.NoContent), a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_create_sent_several_times_at_once_makes_one_resource_and_the_others_get_its_documented_error(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var slug = AccessApiTests.Unique("once");
        var email = Identity.NewEmail("once");
        var organization = (await CreateAsync(api, AccessApiTests.Unique("once-"))).GetProperty("id").GetString()!;
        var member = await app.CreateUserAsync();

        await OneCreatedAsync(HttpStatusCode.Conflict, "slug_taken", () => api.PostAsync("/api/roles", ApiClient.Resource("role", new { slug, name = "Once" })));
        await OneCreatedAsync(HttpStatusCode.Conflict, "slug_taken", () => api.PostAsync("/api/permissions", ApiClient.Resource("permission", new { slug = $"{slug}:read" })));
        await OneCreatedAsync(HttpStatusCode.Conflict, "slug_taken", () => api.PostAsync("/api/organizations", ApiClient.Resource("organization", new { slug, name = "Once" })));
        await OneCreatedAsync(HttpStatusCode.Conflict, "email_taken", () => api.PostAsync("/api/users", ApiClient.Resource("user", new { email })));
        await OneCreatedAsync(HttpStatusCode.UnprocessableEntity, "already_member", () => AddMemberAsync(api, organization, member.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_lost_race_answered_as_it_should_be_logs_no_error(DatabaseProvider provider)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await PaylentApp.StartAsync(provider, null, services => services.AddSingleton<ILoggerProvider>(logs));
        var api = await ApiClient.ForAsync(app);
        for (var round = 0; round < 3; round++)
        {
            var slug = AccessApiTests.Unique("logged");
            await OneCreatedAsync(HttpStatusCode.Conflict, "slug_taken", () => api.PostAsync("/api/roles", ApiClient.Resource("role", new { slug, name = "Once" })));
        }

        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal));
    }

    private static async Task AllAsync(HttpStatusCode expected, Func<Task<HttpResponseMessage>> send)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, Times).Select(_ => send()));
        foreach (var answer in answers)
        {
            Assert.True(answer.StatusCode == expected, $"{answer.RequestMessage?.Method} {answer.RequestMessage?.RequestUri?.AbsolutePath}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task OneCreatedAsync(HttpStatusCode status, string code, Func<Task<HttpResponseMessage>> send)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, Times).Select(_ => send()));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var answer in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal((status, code), (answer.StatusCode, await ErrorCodeAsync(answer)));
        }
    }
}
