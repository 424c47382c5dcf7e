using System.Net;
using AngleSharp.Html.Dom;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosted;

/// <summary>One browser on an environment host's hosted pages: keeps its cookies, fills and posts the pages' forms.</summary>
public sealed class HostedClient(HttpClient http)
{
    public const string Password = "correct horse battery staple";

    public HttpClient Http { get; } = http;

    public static HostedClient For(PaylentApp app, string host = "demo-test.localhost") => new(app.Client(host));

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public async Task<IHtmlDocument> PageAsync(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    /// <summary>Opens the page at <paramref name="path"/>, fills its form and posts it as a browser would.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, params (string Name, string Value)[] fields)
    {
        var form = FormPost.Read(await PageAsync(path));
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return await form.SendAsync(Http);
    }

    public Task<HttpResponseMessage> SignUpAsync(string email, string password = Password, string? returnUrl = null) =>
        SubmitAsync(ReturnTo("/sign-up", returnUrl), ("Email", email), ("Password", password), ("GivenName", "Ada"), ("FamilyName", "Lovelace"));

    public Task<HttpResponseMessage> SignInAsync(string email, string password = Password, string? returnUrl = null) =>
        SubmitAsync(ReturnTo("/sign-in", returnUrl), ("Email", email), ("Password", password));

    public async Task<HttpResponseMessage> SignOutAsync() => await SubmitAsync("/sign-out");

    /// <summary>The status of <c>/account</c>: 200 while signed in, a redirect to sign-in otherwise.</summary>
    public async Task<HttpResponseMessage> AccountAsync() => await Http.GetAsync("/account");

    public async Task AssertSignedOutAsync()
    {
        var account = await AccountAsync();
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Faccount", account.Headers.Location?.OriginalString);
    }

    private static string ReturnTo(string path, string? returnUrl) =>
        returnUrl is null ? path : $"{path}?returnUrl={Uri.EscapeDataString(returnUrl)}";
}
