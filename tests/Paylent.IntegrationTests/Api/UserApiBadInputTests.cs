using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Identity.Users;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Api;

/// <summary>Malformed users and sessions requests: a JSON:API error naming the fault, never a 5xx, nothing half-written.</summary>
[Collection(AppsCollection.Name)]
public sealed class UserApiBadInputTests(Apps apps)
{
    public static TheoryData<string, int, string?> BadUsers => new()
    {
        // attributes (JSON), status, pointer
        { "{}", 422, "/data/attributes/email" },
        { "{\"email\": \"\"}", 422, "/data/attributes/email" },
        { "{\"email\": null}", 422, "/data/attributes/email" },
        { "{\"email\": \"not-an-email\"}", 422, "/data/attributes/email" },
        { "{\"email\": \"a@b\"}", 422, "/data/attributes/email" },
        { "{\"email\": \"ada\\u0000@example.com\"}", 422, "/data/attributes/email" },
        { "{\"email\": \"ada@example.com\\r\\nBcc: eve@example.com\"}", 422, "/data/attributes/email" },
        { "{\"email\": \"" + new string('a', 300) + "@example.com\"}", 422, "/data/attributes/email" },
        { "{\"email\": 5}", 422, "/data/attributes/email" },
        { "{\"email\": [\"ada@example.com\"]}", 422, "/data/attributes/email" },
        { "{\"email\": \"ok@example.com\", \"given_name\": \"Ada\\u0007\"}", 422, "/data/attributes/given_name" },
        { "{\"email\": \"ok@example.com\", \"family_name\": \"" + new string('f', 101) + "\"}", 422, "/data/attributes/family_name" },
        { "{\"email\": \"ok@example.com\", \"username\": \"has space\"}", 422, "/data/attributes/username" },
        { "{\"email\": \"ok@example.com\", \"username\": \"" + new string('u', 65) + "\"}", 422, "/data/attributes/username" },
        { "{\"email\": \"ok@example.com\", \"password\": \"\"}", 422, "/data/attributes/password" },
        { "{\"email\": \"ok@example.com\", \"password\": \"short\"}", 422, "/data/attributes/password" },
        { "{\"email\": \"ok@example.com\", \"password\": \"password123\"}", 422, "/data/attributes/password" },
        { "{\"email\": \"ok@example.com\", \"password\": \"" + new string('p', 100_000) + "\"}", 422, "/data/attributes/password" },
        { "{\"email\": \"ok@example.com\", \"password\": 12345678}", 422, "/data/attributes/password" },
        { "{\"email\": \"ok@example.com\", \"email_verified\": \"yes\"}", 422, "/data/attributes/email_verified" },
        { "{\"email\": \"ok@example.com\", \"status\": \"active\"}", 422, "/data/attributes/status" },
        { "{\"email\": \"ok@example.com\", \"password_hash\": \"$argon2id$\"}", 422, "/data/attributes/password_hash" },
        { "{\"email\": \"ok@example.com\", \"created_at\": \"2020-01-01T00:00:00Z\"}", 422, "/data/attributes/created_at" },
    };

    [Theory]
    [MemberData(nameof(BadUsers))]
    public async Task A_bad_user_is_refused_with_a_pointer_and_nothing_is_created(string attributes, int status, string? pointer)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var before = await CountUsersAsync(app);

        var response = await api.SendAsync(HttpMethod.Post, "/api/users", $"{{\"data\": {{\"type\": \"user\", \"attributes\": {attributes}}}}}");

        await AssertErrorAsync(response, status, pointer);
        Assert.Equal(before, await CountUsersAsync(app));
    }

    [Theory]
    [InlineData("{\"email\": \"\"}", "/data/attributes/email")]
    [InlineData("{\"email\": null}", "/data/attributes/email")]
    [InlineData("{\"status\": \"locked\"}", "/data/attributes/status")]
    [InlineData("{\"status\": 1}", "/data/attributes/status")]
    [InlineData("{\"given_name\": \"Eve\", \"password\": \"short\"}", "/data/attributes/password")]
    [InlineData("{\"given_name\": \"Eve\\u001b[31m\"}", "/data/attributes/given_name")]
    [InlineData("{\"given_name\": \"Eve\", \"email\": \"eve@\"}", "/data/attributes/email")]
    [InlineData("{\"email_verified\": null}", "/data/attributes/email_verified")]
    public async Task A_bad_update_changes_nothing(string attributes, string pointer)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var user = await app.CreateUserAsync();

        var response = await api.SendAsync(HttpMethod.Patch, $"/api/users/{user.Id}", $"{{\"data\": {{\"type\": \"user\", \"attributes\": {attributes}}}}}");

        await AssertErrorAsync(response, 422, pointer);
        var after = await app.SendAsync("test", new GetUser(user.Id));
        Assert.Equal((user.Email, user.Username, user.GivenName, user.FamilyName, user.Status, user.EmailVerified), (after.Email, after.Username, after.GivenName, after.FamilyName, after.Status, after.EmailVerified));
        Assert.NotNull((await app.SignInAsync(user.Email)).Token);
    }

    [Fact]
    public async Task A_megabyte_password_is_refused_before_it_is_read_whole()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var user = await app.CreateUserAsync();
        var password = new string('p', 1024 * 1024);

        var create = await api.PostAsync("/api/users", ApiClient.Resource("user", new { email = Identity.NewEmail(), password }));
        var update = await api.PatchAsync($"/api/users/{user.Id}", ApiClient.Resource("user", new { password }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, create.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, update.StatusCode);
        Assert.NotNull((await app.SignInAsync(user.Email)).Token);
    }

    [Theory]
    [InlineData("not json", 400)]
    [InlineData("{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"email\": \"ok@example.com\"}}}", 409)]
    [InlineData("{\"data\": {\"type\": \"user\", \"attributes\": \"email\"}}", 400)]
    [InlineData("{\"data\": null}", 400)]
    [InlineData("{\"data\": {\"type\": \"user\", \"attributes\": {\"email\": \"ok@example.com\", \"password\": \"\\ud800aaaaaaaaaa\"}}}", 422)]
    [InlineData("{\"data\": {\"type\": \"\\ud800\", \"attributes\": {\"email\": \"ok@example.com\"}}}", 409)]
    public async Task A_malformed_document_is_4xx(string body, int status)
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));

        Assert.Equal(status, (int)(await api.SendAsync(HttpMethod.Post, "/api/users", body)).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/users/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("PATCH", "/api/users/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("DELETE", "/api/users/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("GET", "/api/users/00000000-0000-0000-0000-000000000000/sessions", 404)]
    [InlineData("GET", "/api/sessions/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("DELETE", "/api/sessions/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("GET", "/api/users/not-a-guid", 404)]
    [InlineData("DELETE", "/api/sessions/not-a-guid", 404)]
    [InlineData("PUT", "/api/users", 405)]
    [InlineData("POST", "/api/sessions/00000000-0000-0000-0000-000000000000", 405)]
    [InlineData("GET", "/api/users?filter[email]=a&filter[email]=b", 400)]
    [InlineData("GET", "/api/users?page[size]=0", 422)]
    [InlineData("GET", "/api/users?page[number]=x", 400)]
    public async Task Unknown_ids_methods_and_bad_parameters_are_4xx(string method, string path, int status)
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await api.SendAsync(new HttpMethod(method), path, method == "PATCH" ? "{\"data\":{\"type\":\"user\",\"attributes\":{}}}" : null);

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task An_overlong_email_filter_names_the_parameter()
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await api.GetAsync($"/api/users?filter[email]={new string('e', 300)}");

        await AssertErrorAsync(response, 422, pointer: null);
        Assert.Equal("filter[email]", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("source").GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task Other_media_types_are_415(string contentType)
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await api.SendAsync(HttpMethod.Post, "/api/users", "{\"data\":{\"type\":\"user\",\"attributes\":{\"email\":\"ok@example.com\"}}}", contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_nothing_is_read_or_written()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var anonymous = new ApiClient(app.Client("demo-test.localhost"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/users", ApiClient.Resource("user", new { email = Identity.NewEmail() }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Delete, "/api/sessions/00000000-0000-0000-0000-000000000000")).StatusCode);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string? pointer)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(ApiClient.MediaType, response.Content.Headers.ContentType?.MediaType);
        var error = (await response.JsonAsync()).GetProperty("errors")[0];
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("detail").GetString()));
        if (pointer is not null)
        {
            Assert.Equal(pointer, error.GetProperty("source").GetProperty("pointer").GetString());
        }
    }

    private static Task<int> CountUsersAsync(PaylentApp app) =>
        app.InEnvironmentAsync("test", services => services.GetRequiredService<PaylentDbContext>().Users.CountAsync());
}
