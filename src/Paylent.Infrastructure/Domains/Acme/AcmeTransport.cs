using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// HTTP to one CA: its directory (fetched once), replay nonces (RFC 8555 §6.5), signed POSTs with one
/// retry on <c>badNonce</c>, and every answer sorted into a result or one of the typed <see cref="AcmeException"/>s.
/// </summary>
internal sealed class AcmeTransport(IHttpClientFactory httpClients, Uri directoryUrl, TimeProvider time)
{
    private const string JsonMediaType = "application/json";

    // A nonce is single-use; every answer brings a fresh one, kept for the next request.
    private readonly ConcurrentQueue<string> _nonces = new();
    private AcmeDirectory? _directory;

    public async Task<AcmeDirectory> DirectoryAsync(CancellationToken cancellationToken)
    {
        if (_directory is { } cached)
        {
            return cached;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, directoryUrl);
        var response = await SendAsync(request, JsonMediaType, "directory", cancellationToken);
        return _directory = AcmeDirectory.Read(response.Json());
    }

    /// <summary>
    /// POSTs <paramref name="payload"/> (JSON; null for POST-as-GET, §6.3) signed with the account key
    /// (<paramref name="accountUrl"/> as <c>kid</c>, or the key's JWK when null) and expects
    /// <paramref name="mediaType"/> back.
    /// </summary>
    public async Task<AcmeResponse> PostAsync(AcmeAccountKey key, Uri? accountUrl, Uri url, string? payload, string mediaType, string what, CancellationToken cancellationToken)
    {
        // §6.5: a badNonce answer carries a fresh nonce; retry once with it, and no more.
        for (var attempt = 1; ; attempt++)
        {
            var nonce = await NonceAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(AcmeJws.Sign(key, accountUrl, url, nonce, payload), Encoding.UTF8),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(AcmeJws.MediaType);
            request.Headers.Accept.ParseAdd(mediaType);
            try
            {
                return await SendAsync(request, mediaType, what, cancellationToken);
            }
            catch (AcmeProblemException e) when (e.Problem.Type == AcmeProblem.BadNonce && attempt == 1)
            {
                // The answer's nonce is queued; the loop signs again with a fresh one.
            }
        }
    }

    /// <summary>An unauthenticated GET of <paramref name="url"/> expecting <paramref name="mediaType"/> (RFC 9773 §4.1's renewalInfo).</summary>
    public async Task<AcmeResponse> GetAsync(Uri url, string mediaType, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(mediaType);
        return await SendAsync(request, mediaType, what, cancellationToken);
    }

    private async Task<string> NonceAsync(CancellationToken cancellationToken)
    {
        if (_nonces.TryDequeue(out var nonce))
        {
            return nonce;
        }

        var directory = await DirectoryAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Head, directory.NewNonce);
        await SendAsync(request, expectedMediaType: null, "newNonce answer", cancellationToken);
        return _nonces.TryDequeue(out nonce) ? nonce : throw new AcmeProtocolException("The CA's newNonce answer has no Replay-Nonce header.");
    }

    private async Task<AcmeResponse> SendAsync(HttpRequestMessage request, string? expectedMediaType, string what, CancellationToken cancellationToken)
    {
        var ca = request.RequestUri!.GetLeftPart(UriPartial.Authority);
        var http = httpClients.CreateClient(AcmeClient.HttpClientName);
        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            throw new AcmeUnavailableException($"The CA at {ca} presented a TLS certificate that is not trusted (Paylent:Acme:TrustedCertificatesFile).", e);
        }
        catch (HttpRequestException e)
        {
            throw new AcmeUnavailableException($"The CA at {ca} cannot be reached: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AcmeUnavailableException($"The CA at {ca} did not answer in time.", e);
        }

        using (response)
        {
            KeepNonce(response.Headers);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response, mediaType, body, ca, what);
            }

            if (expectedMediaType is not null && !string.Equals(mediaType, expectedMediaType, StringComparison.OrdinalIgnoreCase))
            {
                throw new AcmeProtocolException($"The CA's {what} is {mediaType ?? "without a content type"}, not {expectedMediaType}.");
            }

            return new AcmeResponse(response.StatusCode, response.Headers, body, what);
        }
    }

    private AcmeException Failure(HttpResponseMessage response, string? mediaType, string body, string ca, string what)
    {
        var status = (int)response.StatusCode;
        if (string.Equals(mediaType, AcmeProblem.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return new AcmeProblemException(AcmeProblem.Read(AcmeJson.Parse(body, "problem document")), AcmeRetryAfter.Of(response.Headers, time.GetUtcNow()));
        }

        return response.StatusCode is >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests
            ? new AcmeUnavailableException($"The CA at {ca} answered {status} to the request for its {what}.", retryAfter: AcmeRetryAfter.Of(response.Headers, time.GetUtcNow()))
            : new AcmeProtocolException($"The CA answered {status} without a problem document to the request for its {what}.");
    }

    private void KeepNonce(HttpResponseHeaders headers)
    {
        // §6.5.1: a nonce is base64url; a client must ignore an invalid one.
        if (headers.TryGetValues("Replay-Nonce", out var values) && values.FirstOrDefault() is { Length: > 0 } nonce
            && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            _nonces.Enqueue(nonce);
        }
    }
}
