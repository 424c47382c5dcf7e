using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Paylent.Web.Areas.Dashboard;
using Paylent.Web.Hosting;

namespace Paylent.IntegrationTests.Dashboard;

/// <summary>The form-expired page's "Open the page again": the nearest address a GET answers, and only ever a path on this host.</summary>
public sealed class NearestPageTests
{
    private const string User = "/environments/test/users/9f0c3a52-6f0e-4a52-9a57-2c1d0f5e7b11";

    private static readonly NearestPage Pages = new(new DefaultEndpointDataSource(
        Route("environments/{environment}/users/{id:guid}", HttpMethods.Get, HttpMethods.Post),
        Route("sign-out", HostKind.Environment, HttpMethods.Get),
        Route("sign-out", HttpMethods.Post),
        Route("environments/{environment}/users/{id:guid}/delete", HttpMethods.Get),
        Route("environments/{environment}/users/{id:guid}/delete", HttpMethods.Post),
        Route("environments/{environment}/users/{id:guid}/verify-email", HttpMethods.Post),
        Route("environments/{environment}/users/{id:guid}/roles/{roleId:guid}/remove", HttpMethods.Post)));

    [Theory]
    [InlineData(User + "/delete", User + "/delete")]
    [InlineData(User + "/verify-email", User)]
    [InlineData(User + "/roles/0e5b1c8a-1111-4c2d-8e3f-5a6b7c8d9e0f/remove", User)]
    [InlineData(User + "/", User)]
    [InlineData("/nowhere/at/all", "/")]
    [InlineData("/sign-out", "/")]
    [InlineData("/environments/a?b/users/9f0c3a52-6f0e-4a52-9a57-2c1d0f5e7b11/verify-email", "/environments/a%3Fb/users/9f0c3a52-6f0e-4a52-9a57-2c1d0f5e7b11")]
    [InlineData("//evil.example" + User, "/")]
    [InlineData("/\\evil.example" + User, "/")]
    public void An_address_without_a_page_leads_to_the_nearest_one_above_it_on_this_host(string posted, string page) =>
        Assert.Equal(page, Pages.For(new PathString(posted)));

    private static RouteEndpoint Route(string pattern, params string[] methods) => Route(pattern, HostKind.Dashboard, methods);

    private static RouteEndpoint Route(string pattern, HostKind host, params string[] methods) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, new EndpointMetadataCollection(new HostKindAttribute(host), new HttpMethodMetadata(methods)), pattern);
}
