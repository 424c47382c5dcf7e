using System.Net;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;
using static Paylent.IntegrationTests.Organizations.OrganizationApi;

namespace Paylent.IntegrationTests.Organizations;

/// <summary>
/// Every wrong request to the organization resources is a clear JSON:API error that wrote nothing, and
/// another environment's organizations, users and roles are simply not there.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class OrganizationApiBadInputTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Malformed_organizations_are_refused_with_the_attribute_at_fault(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var slug = AccessApiTests.Unique("bad-");
        await CreateAsync(api, slug);

        foreach (var (attributes, status, code, pointer) in new (object Attributes, HttpStatusCode Status, string Code, string Pointer)[]
        {
            (new { slug, name = "Again" }, HttpStatusCode.Conflict, "slug_taken", "/data/attributes/slug"),
            (new { slug = "Upper", name = "A" }, HttpStatusCode.UnprocessableEntity, "invalid_slug", "/data/attributes/slug"),
            (new { slug = new string('a', 51), name = "A" }, HttpStatusCode.UnprocessableEntity, "invalid_attribute", "/data/attributes/slug"),
            (new { slug = AccessApiTests.Unique("x-"), name = "" }, HttpStatusCode.UnprocessableEntity, "invalid_attribute", "/data/attributes/name"),
            (new { slug = AccessApiTests.Unique("x-"), name = "A", metadata = new[] { 1 } }, HttpStatusCode.UnprocessableEntity, "invalid_attribute", "/data/attributes/metadata"),
            (new { slug = AccessApiTests.Unique("x-"), name = "A", metadata = new { big = new string('x', 5000) } }, HttpStatusCode.UnprocessableEntity, "invalid_attribute", "/data/attributes/metadata"),
            (new { slug = AccessApiTests.Unique("x-"), name = "A", metadata = new { a = new { b = new { c = new { d = new { e = new { f = new { g = new { h = new { i = 1 } } } } } } } } } }, HttpStatusCode.UnprocessableEntity, "invalid_metadata", "/data/attributes/metadata"),
            (new { slug = AccessApiTests.Unique("x-"), name = "A", metadata = new Dictionary<string, string> { ["k"] = "a\0b" } }, HttpStatusCode.UnprocessableEntity, "invalid_attribute", "/data/attributes/metadata"),
        })
        {
            var response = await api.PostAsync("/api/organizations", ApiClient.Resource("organization", attributes));
            Assert.Equal(status, response.StatusCode);
            var error = (await response.JsonAsync()).GetProperty("errors")[0];
            Assert.Equal(code, error.GetProperty("code").GetString());
            Assert.Equal(pointer, error.GetProperty("source").GetProperty("pointer").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Metadata_holding_bytes_that_are_not_utf8_is_refused_not_a_server_error(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var slug = AccessApiTests.Unique("bytes-");
        foreach (var raw in new byte[][] { [0xFF, 0xC0, 0x80], [0xED, 0xA0, 0x80] })
        {
            byte[] body = [.. "{\"data\":{\"type\":\"organization\",\"attributes\":{\"slug\":\""u8, .. System.Text.Encoding.ASCII.GetBytes(slug),
                .. "\",\"name\":\"A\",\"metadata\":{\"k\":\""u8, .. raw, .. "\"}}}}"u8];
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/organizations") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ApiClient.MediaType);

            var response = await api.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal("/data/attributes/metadata", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("source").GetProperty("pointer").GetString());
        }

        Assert.Empty((await (await api.GetAsync($"/api/organizations?filter[slug]={slug}")).JsonAsync()).GetProperty("data").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Another_environments_organization_user_or_role_is_not_found_and_nothing_is_written(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var production = await ApiClient.ForAsync(app, "production");
        var theirs = (await CreateAsync(production, AccessApiTests.Unique("theirs-"))).GetProperty("id").GetString()!;
        var ours = (await CreateAsync(api, AccessApiTests.Unique("ours-"))).GetProperty("id").GetString()!;
        var theirUser = await app.CreateUserAsync(environment: "production");
        var theirRole = await RoleIdAsync(production, "org:owner");
        var user = await app.CreateUserAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/organizations/{theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/organizations/{theirs}/memberships")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/organizations/{theirs}/invitations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AddMemberAsync(api, theirs, user.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Delete, $"/api/organizations/{theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AddMemberAsync(api, ours, theirUser.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AddMemberAsync(api, ours, user.Id, theirRole)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await InviteAsync(api, ours, Identity.NewEmail(), null, theirRole)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/users/{theirUser.Id}/organizations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/organizations/{ours}/memberships/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/organizations/{ours}/invitations/{Guid.NewGuid()}/resend", new { })).StatusCode);

        Assert.Empty((await (await api.GetAsync($"/api/organizations/{ours}/memberships")).JsonAsync()).GetProperty("data").EnumerateArray());
        Assert.Empty((await (await api.GetAsync($"/api/organizations/{ours}/invitations")).JsonAsync()).GetProperty("data").EnumerateArray());
        Assert.Empty((await (await production.GetAsync($"/api/organizations/{theirs}/memberships")).JsonAsync()).GetProperty("data").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Inviting_a_member_twice_or_for_too_long_is_refused(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var organization = (await CreateAsync(api, AccessApiTests.Unique("twice-"))).GetProperty("id").GetString()!;
        var user = await app.CreateUserAsync();
        await MemberAsync(api, organization, user.Id);

        var member = await InviteAsync(api, organization, user.Email.ToUpperInvariant());
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "already_member"), (member.StatusCode, await ErrorCodeAsync(member)));
        var duplicate = await AddMemberAsync(api, organization, user.Id);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "already_member"), (duplicate.StatusCode, await ErrorCodeAsync(duplicate)));
        var tooLong = await InviteAsync(api, organization, Identity.NewEmail(), 31);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Equal("/data/attributes/lifetime_days", (await tooLong.JsonAsync()).GetProperty("errors")[0].GetProperty("source").GetProperty("pointer").GetString());
        var notEmail = await InviteAsync(api, organization, "not an email");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notEmail.StatusCode);
        var badStatus = await api.GetAsync($"/api/organizations/{organization}/invitations?filter[status]=gone");
        Assert.Equal(("invalid_parameter", "filter[status]"), (await ErrorCodeAsync(badStatus), (await badStatus.JsonAsync()).GetProperty("errors")[0].GetProperty("source").GetProperty("parameter").GetString()));
        Assert.Empty((await (await api.GetAsync($"/api/organizations/{organization}/invitations")).JsonAsync()).GetProperty("data").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_invitations_of_one_address_leave_one_pending_invitation_and_one_email(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var organization = (await CreateAsync(api, AccessApiTests.Unique("race-"))).GetProperty("id").GetString()!;
        var email = Identity.NewEmail();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => InviteAsync(api, organization, i % 2 == 0 ? email : email.ToUpperInvariant())));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.True(
            a.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"{a.StatusCode}: {a.Content.ReadAsStringAsync().Result}"));
        var listed = (await (await api.GetAsync($"/api/organizations/{organization}/invitations")).JsonAsync()).GetProperty("data").EnumerateArray().ToList();
        Assert.Single(listed);
        Assert.Equal("pending", listed[0].GetProperty("attributes").GetProperty("status").GetString());
    }
}
