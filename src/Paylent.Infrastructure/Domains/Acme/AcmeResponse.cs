using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>A successful answer from the CA, read whole: its status, headers and body.</summary>
internal sealed record AcmeResponse(HttpStatusCode Status, HttpResponseHeaders Headers, string Body, string What)
{
    /// <summary>The <c>Location</c> header (an account's or an order's URL), which the CA must send.</summary>
    public Uri Location => Headers.Location is { } location
        ? AcmeJson.AbsoluteHttps(location.IsAbsoluteUri ? location.AbsoluteUri : location.OriginalString, $"Location of the CA's {What}")
        : throw new AcmeProtocolException($"The CA's {What} has no Location header.");

    public JsonElement Json() => AcmeJson.Parse(Body, What);
}
