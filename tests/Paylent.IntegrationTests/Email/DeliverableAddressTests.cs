using System.Net;
using Paylent.Application.Identity.Users;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Dashboard;
using Paylent.IntegrationTests.Hosted;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Email;

/// <summary>
/// An address mail cannot reach (a non-ASCII local part, which needs SMTPUTF8) is refused wherever a
/// user's email is set, with a field message; an internationalized domain is kept (it is sent as punycode).
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class DeliverableAddressTests(Apps apps)
{
    private const string Message = "The part before the @ must use only ASCII";

    [Fact]
    public async Task Sign_up_with_a_non_ascii_local_part_is_a_message_on_the_email_field_and_creates_nothing()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = $"ü{Guid.NewGuid():N}@exämple.com";

        var response = await HostedClient.For(app).SubmitAsync("/sign-up", ("Email", email), ("Password", HostedClient.Password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Html.Errors(await Html.ParseAsync(response)), e => e.Contains(Message, StringComparison.Ordinal));
        Assert.Empty((await app.SendAsync("test", new ListUsers(Email: email))).Items);
        Assert.Equal(0, await Mailbox.QueuedAsync(app, email));
    }

    [Fact]
    public async Task Sign_up_with_an_internationalized_domain_is_accepted()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = $"ada-{Guid.NewGuid():N}@exämple.com";

        var response = await HostedClient.For(app).SubmitAsync("/sign-up", ("Email", email), ("Password", HostedClient.Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Single((await app.SendAsync("test", new ListUsers(Email: email))).Items);
    }

    [Fact]
    public async Task The_api_refuses_a_non_ascii_local_part_on_create_and_update_with_a_pointer()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var user = await app.CreateUserAsync();

        var created = await api.PostAsync("/api/users", ApiClient.Resource("user", new { email = "ü@example.com" }));
        var updated = await api.PatchAsync($"/api/users/{user.Id}", new { data = new { type = "user", id = user.Id, attributes = new { email = "ü@example.com" } } });

        foreach (var response in new[] { created, updated })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var error = (await response.JsonAsync()).GetProperty("errors")[0];
            Assert.Equal("/data/attributes/email", error.GetProperty("source").GetProperty("pointer").GetString());
            Assert.Contains(Message, error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(user.Email, (await app.SendAsync("test", new GetUser(user.Id))).Email);
    }

    [Fact]
    public async Task The_dashboard_refuses_a_non_ascii_local_part_with_a_field_message()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var form = FormPost.Read(await Html.ParseAsync(await dashboard.Http.GetAsync("/environments/test/users/new")));
        form.Set("Email", "ü@example.com");

        var response = await form.SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
