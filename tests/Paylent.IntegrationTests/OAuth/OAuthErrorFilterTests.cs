using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Common;
using Paylent.Web.OAuth;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>The OAuth endpoints' one error mapping answers every failure a use case can raise in RFC 6749 §5.2 JSON.</summary>
public sealed class OAuthErrorFilterTests
{
    [Fact]
    public async Task A_conflict_that_outlasted_the_retries_is_invalid_grant_json_not_a_500()
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();

        var result = await new OAuthErrorFilter().InvokeAsync(
            new DefaultEndpointFilterInvocationContext(http), _ => throw new ConflictException("The resource was changed by someone else."));
        await Assert.IsAssignableFrom<IResult>(result).ExecuteAsync(http);

        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        Assert.Equal("no-store", http.Response.Headers.CacheControl.ToString());
        http.Response.Body.Position = 0;
        var body = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal("invalid_grant", body.RootElement.GetProperty("error").GetString());
        Assert.False(body.RootElement.TryGetProperty("errors", out _));
    }
}
