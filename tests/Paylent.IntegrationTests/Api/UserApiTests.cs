using System.Net;
using System.Text.Json;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Api;

[Collection(AppsCollection.Name)]
public sealed class UserApiTests(Apps apps)
{
    private const string NewPassword = "a brand new passphrase";

    private static object NewUser(string email, object? password = null) => ApiClient.Resource("user", new Dictionary<string, object?>
    {
        ["email"] = email,
        ["username"] = "ada-" + Guid.NewGuid().ToString("N")[..8],
        ["given_name"] = "Ada",
        ["family_name"] = "Lovelace",
        ["password"] = password ?? Identity.Password,
    });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_is_created_read_updated_and_deleted_and_every_step_is_audited_without_secrets(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var email = Identity.NewEmail("crud");

        var created = await api.PostAsync("/api/users", NewUser(email));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = (await created.JsonAsync()).GetProperty("data");
        var id = data.GetProperty("id").GetString()!;
        var attributes = data.GetProperty("attributes");
        Assert.Equal("user", data.GetProperty("type").GetString());
        Assert.Equal($"http://demo-test.localhost/api/users/{id}", created.Headers.Location?.ToString());
        Assert.Equal(email, attributes.GetProperty("email").GetString());
        Assert.Equal("Ada", attributes.GetProperty("given_name").GetString());
        Assert.False(attributes.GetProperty("email_verified").GetBoolean());
        Assert.Equal("active", attributes.GetProperty("status").GetString());
        Assert.False(attributes.TryGetProperty("password", out _));
        Assert.False(attributes.TryGetProperty("password_hash", out _));
        Assert.NotNull((await app.SignInAsync(email)).Token);

        // A PATCH merges: attributes left out keep their values.
        var renamed = await api.PatchAsync($"/api/users/{id}", ApiClient.Resource("user", new { family_name = "Byron" }));
        var renamedAttributes = (await renamed.JsonAsync()).GetProperty("data").GetProperty("attributes");
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Byron", renamedAttributes.GetProperty("family_name").GetString());
        Assert.Equal("Ada", renamedAttributes.GetProperty("given_name").GetString());
        Assert.Equal(email, renamedAttributes.GetProperty("email").GetString());

        var verified = await api.PatchAsync($"/api/users/{id}", ApiClient.Resource("user", new { email_verified = true }));
        Assert.True((await verified.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("email_verified").GetBoolean());

        var password = await api.PatchAsync($"/api/users/{id}", ApiClient.Resource("user", new { password = NewPassword, given_name = "Augusta" }));
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.NotNull((await app.SignInAsync(email, password: NewPassword)).Token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignInAsync(email));

        var read = await (await api.GetAsync($"/api/users/{id}")).JsonAsync();
        Assert.Equal("Augusta", read.GetProperty("data").GetProperty("attributes").GetProperty("given_name").GetString());
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("data").GetProperty("attributes").GetProperty("last_signed_in_at").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Delete, $"/api/users/{id}")).StatusCode);

        var trail = await (await api.GetAsync($"/api/audit-events?filter[target_id]={id}&page[size]=100")).JsonAsync();
        var events = trail.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("attributes")).ToList();
        var actions = events.Select(e => e.GetProperty("action").GetString()).ToList();
        foreach (var action in new[] { "user.created", "user.updated", "user.email_verified", "user.password_changed", "user.signed_in", "user.deleted" })
        {
            Assert.Contains(action, actions);
        }

        var familyName = events.First(e => e.GetProperty("action").GetString() == "user.updated" && e.GetProperty("changes").TryGetProperty("family_name", out _));
        Assert.Equal("Lovelace", familyName.GetProperty("changes").GetProperty("family_name").GetProperty("from").GetString());
        Assert.Equal("Byron", familyName.GetProperty("changes").GetProperty("family_name").GetProperty("to").GetString());
        Assert.Equal("paylent-management", familyName.GetProperty("actor").GetProperty("id").GetString());
        var passwordChange = events.First(e => e.GetProperty("action").GetString() == "user.password_changed").GetProperty("changes");
        Assert.Equal("[redacted]", passwordChange.GetProperty("password_hash").GetProperty("to").GetString());
        var text = trail.GetRawText();
        Assert.DoesNotContain("$argon2", text, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Identity.Password, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sessions_are_listed_per_user_and_revoking_one_ends_it_with_an_audit_event(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var user = await app.CreateUserAsync();
        var first = await app.SignInAsync(user.Email);
        var second = await app.SignInAsync(user.Email);

        var list = await (await api.GetAsync($"/api/users/{user.Id}/sessions")).JsonAsync();
        var sessions = list.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([second.SessionId.ToString(), first.SessionId.ToString()], sessions.Select(s => s.GetProperty("id").GetString()));
        var session = sessions[1];
        Assert.Equal("session", session.GetProperty("type").GetString());
        Assert.Equal(user.Id.ToString(), session.GetProperty("relationships").GetProperty("user").GetProperty("data").GetProperty("id").GetString());
        Assert.True(session.GetProperty("attributes").GetProperty("active").GetBoolean());
        Assert.Equal("203.0.113.7", session.GetProperty("attributes").GetProperty("ip_address").GetString());
        Assert.Equal(["pwd"], session.GetProperty("attributes").GetProperty("authentication_methods").EnumerateArray().Select(m => m.GetString()));
        Assert.DoesNotContain(first.Token, list.GetRawText(), StringComparison.Ordinal);

        var revoked = await api.SendAsync(HttpMethod.Delete, $"/api/sessions/{first.SessionId}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        var after = (await (await api.GetAsync($"/api/sessions/{first.SessionId}")).JsonAsync()).GetProperty("data").GetProperty("attributes");
        Assert.False(after.GetProperty("active").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("revoked_at").ValueKind);
        Assert.Null(await app.SendAsync("test", new Application.Identity.Sessions.AuthenticateSession(first.Token)));
        Assert.NotNull(await app.SendAsync("test", new Application.Identity.Sessions.AuthenticateSession(second.Token)));
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/sessions/{first.SessionId}")).StatusCode);

        var trail = await (await api.GetAsync($"/api/audit-events?filter[target_id]={first.SessionId}")).JsonAsync();
        var revocation = trail.GetProperty("data").EnumerateArray().Single(e => e.GetProperty("attributes").GetProperty("action").GetString() == "session.revoked");
        Assert.Equal("paylent-management", revocation.GetProperty("attributes").GetProperty("actor").GetProperty("id").GetString());
        Assert.DoesNotContain(first.Token, trail.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_sessions_and_deleting_one_removes_them()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var user = await app.CreateUserAsync();
        var session = await app.SignInAsync(user.Email);

        var disabled = await api.PatchAsync($"/api/users/{user.Id}", ApiClient.Resource("user", new { status = "disabled" }));

        Assert.Equal("disabled", (await disabled.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("status").GetString());
        Assert.Null(await app.SendAsync("test", new Application.Identity.Sessions.AuthenticateSession(session.Token)));
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/users/{user.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/sessions/{session.SessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/users/{user.Id}/sessions")).StatusCode);
    }

    [Fact]
    public async Task The_email_filter_is_case_insensitive_and_lists_are_paged_with_links()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var email = Identity.NewEmail("Filter.Me");
        await api.PostAsync("/api/users", NewUser(email));
        for (var i = 0; i < 3; i++)
        {
            await app.CreateUserAsync();
        }

        var filtered = await (await api.GetAsync($"/api/users?filter[email]={Uri.EscapeDataString(email.ToUpperInvariant())}")).JsonAsync();
        Assert.Equal([email], filtered.GetProperty("data").EnumerateArray().Select(u => u.GetProperty("attributes").GetProperty("email").GetString()));
        var none = await (await api.GetAsync("/api/users?filter[email]=nobody@example.com")).JsonAsync();
        Assert.Equal(0, none.GetProperty("data").GetArrayLength());
        var blank = await (await api.GetAsync("/api/users?filter[email]=")).JsonAsync();
        Assert.Equal(0, blank.GetProperty("data").GetArrayLength());

        var first = await (await api.GetAsync("/api/users?page[size]=2")).JsonAsync();
        Assert.Equal(2, first.GetProperty("data").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("links").GetProperty("prev").ValueKind);
        var next = first.GetProperty("links").GetProperty("next").GetString()!;
        Assert.StartsWith("http://demo-test.localhost/api/users?", next, StringComparison.Ordinal);
        var second = await (await api.GetAsync(next)).JsonAsync();
        Assert.NotEqual(JsonValueKind.Null, second.GetProperty("links").GetProperty("prev").ValueKind);
        var firstIds = first.GetProperty("data").EnumerateArray().Select(u => u.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(second.GetProperty("data").EnumerateArray().Select(u => u.GetProperty("id").GetString()), firstIds.Contains);
    }

    [Fact]
    public async Task A_taken_email_is_a_conflict_whatever_its_case()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var existing = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();

        var create = await api.PostAsync("/api/users", NewUser(existing.Email.ToUpperInvariant()));
        var update = await api.PatchAsync($"/api/users/{other.Id}", ApiClient.Resource("user", new { email = existing.Email }));

        foreach (var response in new[] { create, update })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var error = (await response.JsonAsync()).GetProperty("errors")[0];
            Assert.Equal("email_taken", error.GetProperty("code").GetString());
            Assert.Equal("/data/attributes/email", error.GetProperty("source").GetProperty("pointer").GetString());
        }

        Assert.Equal(other.Email, (await app.SendAsync("test", new Application.Identity.Users.GetUser(other.Id))).Email);
    }

    [Fact]
    public async Task A_user_of_one_environment_is_invisible_and_untouchable_from_another()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var test = await ApiClient.ForAsync(app);
        var production = await ApiClient.ForAsync(app, "production");
        var user = await app.CreateUserAsync();
        var session = await app.SignInAsync(user.Email);

        Assert.Equal(HttpStatusCode.NotFound, (await production.GetAsync($"/api/users/{user.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await production.PatchAsync($"/api/users/{user.Id}", ApiClient.Resource("user", new { given_name = "Eve" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await production.SendAsync(HttpMethod.Delete, $"/api/users/{user.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await production.GetAsync($"/api/users/{user.Id}/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await production.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.SessionId}")).StatusCode);
        var filtered = await (await production.GetAsync($"/api/users?filter[email]={Uri.EscapeDataString(user.Email)}")).JsonAsync();
        Assert.Equal(0, filtered.GetProperty("data").GetArrayLength());

        // The same email is free in the other environment, and a test token cannot manage production.
        Assert.Equal(HttpStatusCode.Created, (await production.PostAsync("/api/users", NewUser(user.Email))).StatusCode);
        var crossed = app.Client("demo-production.localhost");
        crossed.DefaultRequestHeaders.Authorization = test.Http.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.Unauthorized, (await crossed.GetAsync("/api/users")).StatusCode);
        Assert.Equal("Ada", (await (await test.GetAsync($"/api/users/{user.Id}")).JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("given_name").GetString());
        Assert.NotNull(await app.SendAsync("test", new Application.Identity.Sessions.AuthenticateSession(session.Token)));
    }
}
