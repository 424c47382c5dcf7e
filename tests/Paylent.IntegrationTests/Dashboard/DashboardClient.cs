using System.Net;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Dashboard;

/// <summary>Drives the dashboard like a browser: reads forms, keeps cookies, posts back tokens.</summary>
public sealed class DashboardClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static async Task<DashboardClient> SignedInAsync(PaylentApp app)
    {
        var client = new DashboardClient(app.Dashboard());
        var response = await client.SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public async Task<string> AntiforgeryTokenAsync(string path = "/sign-in") =>
        Html.AntiforgeryToken(await Html.ParseAsync(await Http.GetAsync(path)));

    public async Task<HttpResponseMessage> SignInAsync(string? email, string? password, string? token = null, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token ?? await AntiforgeryTokenAsync(),
        };
        if (email is not null)
        {
            fields["Email"] = email;
        }

        if (password is not null)
        {
            fields["Password"] = password;
        }

        if (returnUrl is not null)
        {
            fields["ReturnUrl"] = returnUrl;
        }

        return await Http.PostAsync("/sign-in", new FormUrlEncodedContent(fields));
    }
}
