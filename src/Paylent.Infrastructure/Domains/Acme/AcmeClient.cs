using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// A strict RFC 8555 client for one CA (<see cref="AcmeOptions.DirectoryUrl"/>): accounts with a key the
/// caller keeps, and certificates for one DNS name each through HTTP-01. It persists nothing; every
/// failure is an <see cref="AcmeException"/> (docs/domains.md, "ACME client").
/// </summary>
public sealed partial class AcmeClient
{
    public const string HttpClientName = "Paylent.Acme";

    private const string JsonMediaType = "application/json";
    private const string PemChainMediaType = "application/pem-certificate-chain";

    private readonly AcmeTransport _transport;
    private readonly AcmeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AcmeClient> _logger;

    public AcmeClient(IHttpClientFactory httpClients, IOptions<AcmeOptions> options, TimeProvider time, ILogger<AcmeClient> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _transport = new AcmeTransport(httpClients, _options.Directory, time);
    }

    /// <summary>
    /// Creates the account of <paramref name="key"/> (an ECDSA P-256 key), agreeing to the CA's terms, with
    /// <see cref="AcmeOptions.Email"/> as contact; a key that has an account already gets that one (RFC 8555 §7.3).
    /// </summary>
    public async Task<AcmeAccount> RegisterAccountAsync(ECDsa key, CancellationToken cancellationToken)
    {
        var payload = _options.Email is { } email
            ? JsonSerializer.Serialize(new { termsOfServiceAgreed = true, contact = new[] { $"mailto:{email}" } })
            : JsonSerializer.Serialize(new { termsOfServiceAgreed = true });
        return await AccountAsync(new AcmeAccountKey(key), payload, cancellationToken);
    }

    /// <summary>The existing account of <paramref name="key"/>, or null when the CA has none (RFC 8555 §7.3.1).</summary>
    public async Task<AcmeAccount?> FindAccountAsync(ECDsa key, CancellationToken cancellationToken)
    {
        try
        {
            return await AccountAsync(new AcmeAccountKey(key), """{"onlyReturnExisting":true}""", cancellationToken);
        }
        catch (AcmeProblemException e) when (e.Problem.Type == AcmeProblem.AccountDoesNotExist)
        {
            return null;
        }
    }

    /// <summary>
    /// Orders a certificate for <paramref name="hostname"/> (ASCII, lowercase) and reads its authorizations:
    /// the HTTP-01 challenges returned must be answered before <see cref="CompleteOrderAsync"/>.
    /// </summary>
    public Task<AcmeOrder> NewOrderAsync(AcmeAccount account, string hostname, CancellationToken cancellationToken) =>
        NewOrderAsync(account, hostname, replaces: null, cancellationToken);

    /// <summary>
    /// As <see cref="NewOrderAsync(AcmeAccount, string, CancellationToken)"/>, for a renewal: when the CA offers
    /// renewal information, <paramref name="replaces"/> (the old certificate's <see cref="AcmeCertId"/>) is sent
    /// as the order's <c>replaces</c> (RFC 9773 §5).
    /// </summary>
    public async Task<AcmeOrder> NewOrderAsync(AcmeAccount account, string hostname, string? replaces, CancellationToken cancellationToken)
    {
        if (!IsAsciiLowercaseDnsName(hostname))
        {
            throw new ArgumentException("An ACME order takes one ASCII, lowercase DNS name.", nameof(hostname));
        }

        var directory = await _transport.DirectoryAsync(cancellationToken);
        var identifiers = new[] { new { type = "dns", value = hostname } };
        AcmeResponse created;
        if (replaces is not null && directory.RenewalInfo is not null)
        {
            try
            {
                created = await PostAsync(account, directory.NewOrder, JsonSerializer.Serialize(new { identifiers, replaces }), "new order", cancellationToken);
            }
            catch (AcmeProblemException e) when (e.Problem.Type is AcmeProblem.AlreadyReplaced or AcmeProblem.Conflict or AcmeProblem.Malformed or AcmeProblem.Unauthorized)
            {
                // `replaces` only tells the CA which certificate this one succeeds (so it may exempt the
                // order from rate limits). A CA that refuses it (RFC 9773 §5: already replaced, by an order
                // that failed or another instance's; an older server that calls it a conflict or malformed; a
                // certificate the CA holds for another account, after the account key was lost, unauthorized)
                // must not cost the domain its renewal: one more order without it, and no more.
                LogReplacesRefused(_logger, hostname, e.Problem.Type);
                created = await PostAsync(account, directory.NewOrder, JsonSerializer.Serialize(new { identifiers }), "new order", cancellationToken);
            }
        }
        else
        {
            created = await PostAsync(account, directory.NewOrder, JsonSerializer.Serialize(new { identifiers }), "new order", cancellationToken);
        }

        var order = created.Json();
        FailIfInvalid(order, "order", hostname);
        if (AcmeJson.Array(order, "identifiers", "order") is not [var identifier]
            || AcmeJson.String(identifier, "type", "order identifier") != "dns" || AcmeJson.String(identifier, "value", "order identifier") != hostname)
        {
            throw new AcmeProtocolException($"The CA's order for {hostname} is not for exactly that name.");
        }

        var challenges = new List<AcmeHttp01Challenge>();
        foreach (var authorization in AcmeJson.Array(order, "authorizations", "order"))
        {
            var url = authorization.ValueKind == JsonValueKind.String
                ? AcmeJson.AbsoluteHttps(authorization.GetString()!, "authorization URL of the CA's order")
                : throw new AcmeProtocolException("The CA's order lists an authorization that is not a URL.");
            if (await PendingChallengeAsync(account, url, hostname, cancellationToken) is { } challenge)
            {
                challenges.Add(challenge);
            }
        }

        LogOrdered(_logger, hostname, created.Location, challenges.Count);
        return new AcmeOrder(created.Location, hostname, AcmeJson.Url(order, "finalize", "order"), challenges);
    }

    /// <summary>Whether the CA's directory names a usable <c>renewalInfo</c> resource (RFC 9773 §3); one that is not an https URL is logged and not used.</summary>
    public async Task<bool> OffersRenewalInfoAsync(CancellationToken cancellationToken)
    {
        var directory = await _transport.DirectoryAsync(cancellationToken);
        if (directory.RenewalInfoProblem is { } problem)
        {
            LogRenewalInfoUnusable(_logger, problem);
        }

        return directory.RenewalInfo is not null;
    }

    /// <summary>
    /// The CA's suggested renewal window for the certificate <paramref name="certId"/> names
    /// (<see cref="AcmeCertId"/>): an unauthenticated GET of <c>{renewalInfo}/{certID}</c> (RFC 9773 §4.1),
    /// read strictly, with its <c>Retry-After</c>. Null when the CA offers no renewal information.
    /// </summary>
    public async Task<AcmeRenewalInfo?> RenewalInfoAsync(string certId, CancellationToken cancellationToken)
    {
        if (certId.Length == 0 || !certId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("A certID is two base64url parts joined by a dot.", nameof(certId));
        }

        if ((await _transport.DirectoryAsync(cancellationToken)).RenewalInfo is not { } renewalInfo)
        {
            return null;
        }

        var url = new Uri($"{renewalInfo.AbsoluteUri.TrimEnd('/')}/{certId}");
        var response = await _transport.GetAsync(url, JsonMediaType, "renewal information", cancellationToken);
        return AcmeRenewalInfo.Read(response.Body, AcmeRetryAfter.Of(response.Headers, _time.GetUtcNow()));
    }

    /// <summary>
    /// Tells the CA the challenges are ready, waits for it to validate them, finalizes with a CSR for a
    /// fresh key, waits for the certificate and downloads it; all within <see cref="AcmeOptions.OrderTimeout"/>.
    /// </summary>
    public async Task<AcmeCertificate> CompleteOrderAsync(AcmeAccount account, AcmeOrder order, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.OrderTimeout;
        foreach (var challenge in order.Challenges)
        {
            // RFC 8555 §7.5.1: an empty object says "ready"; the answer is the challenge.
            FailIfInvalid((await PostAsync(account, challenge.Url, "{}", "challenge", cancellationToken)).Json(), "challenge", order.Hostname);
        }

        foreach (var challenge in order.Challenges)
        {
            var authorization = await PollAsync(account, challenge.Authorization, "authorization", ["pending"], deadline, order.Hostname, cancellationToken);
            if (AcmeJson.String(authorization, "status", "authorization") != "valid")
            {
                throw ChallengeFailure(authorization, challenge, order.Hostname);
            }
        }

        var state = await PollAsync(account, order.Url, "order", ["pending"], deadline, order.Hostname, cancellationToken);
        FailIfInvalid(state, "order", order.Hostname);
        if (AcmeJson.String(state, "status", "order") != "ready")
        {
            throw new AcmeProtocolException($"The CA's order for {order.Hostname} is {AcmeJson.String(state, "status", "order")} before it was finalized.");
        }

        var (key, csr) = AcmeCertificateRequest.For(order.Hostname);
        using (key)
        {
            var finalize = JsonSerializer.Serialize(new { csr = Base64Url.EncodeToString(csr) });
            FailIfInvalid((await PostAsync(account, order.Finalize, finalize, "finalized order", cancellationToken)).Json(), "order", order.Hostname);
            state = await PollAsync(account, order.Url, "order", ["ready", "processing"], deadline, order.Hostname, cancellationToken);
            FailIfInvalid(state, "order", order.Hostname);
            if (AcmeJson.String(state, "status", "order") != "valid")
            {
                throw new AcmeProtocolException($"The CA's finalized order for {order.Hostname} is {AcmeJson.String(state, "status", "order")}, not valid.");
            }

            var certificateUrl = AcmeJson.Url(state, "certificate", "valid order");
            var download = await _transport.PostAsync(account.AccountKey, account.Url, certificateUrl, payload: null, PemChainMediaType, "certificate", cancellationToken);
            CheckChain(download.Body, key, order.Hostname);
            LogIssued(_logger, order.Hostname, certificateUrl);
            return new AcmeCertificate(certificateUrl, download.Body, key.ExportPkcs8PrivateKey());
        }
    }

    private async Task<AcmeAccount> AccountAsync(AcmeAccountKey key, string payload, CancellationToken cancellationToken)
    {
        var directory = await _transport.DirectoryAsync(cancellationToken);
        var response = await _transport.PostAsync(key, accountUrl: null, directory.NewAccount, payload, JsonMediaType, "account", cancellationToken);
        var status = AcmeJson.String(response.Json(), "status", "account");
        return status == "valid"
            ? new AcmeAccount(response.Location, key)
            : throw new AcmeProtocolException($"The CA's account for this key is {status}, not valid.");
    }

    private async Task<AcmeHttp01Challenge?> PendingChallengeAsync(AcmeAccount account, Uri url, string hostname, CancellationToken cancellationToken)
    {
        var authorization = (await PostAsync(account, url, payload: null, "authorization", cancellationToken)).Json();
        var status = AcmeJson.String(authorization, "status", "authorization");
        if (!authorization.TryGetProperty("identifier", out var identifier) || identifier.ValueKind != JsonValueKind.Object
            || AcmeJson.String(identifier, "value", "authorization identifier") != hostname)
        {
            throw new AcmeProtocolException($"The CA's authorization in the order for {hostname} is for another name.");
        }

        // §7.1.4: a valid authorization (one the CA reuses) needs no challenge.
        if (status == "valid")
        {
            return null;
        }

        if (status != "pending")
        {
            throw new AcmeProtocolException($"The CA's authorization for {hostname} is {status} in a new order.");
        }

        var challenge = AcmeJson.Array(authorization, "challenges", "authorization")
            .FirstOrDefault(c => c.ValueKind == JsonValueKind.Object && AcmeJson.OptionalString(c, "type", "challenge") == "http-01");
        if (challenge.ValueKind != JsonValueKind.Object)
        {
            throw new AcmeProtocolException($"The CA offers no http-01 challenge for {hostname}.");
        }

        // §8.3: the token is base64url with at least 128 bits of entropy; it lands in a URL path.
        var token = AcmeJson.String(challenge, "token", "http-01 challenge");
        if (token.Length < 22 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new AcmeProtocolException($"The CA's http-01 token for {hostname} is not base64url of at least 128 bits.");
        }

        return new AcmeHttp01Challenge(url, AcmeJson.Url(challenge, "url", "http-01 challenge"), token, account.AccountKey.KeyAuthorization(token));
    }

    /// <summary>POST-as-GET on <paramref name="url"/> until its status leaves <paramref name="waiting"/>, as often as Retry-After says (§7.5.1).</summary>
    private async Task<JsonElement> PollAsync(AcmeAccount account, Uri url, string what, string[] waiting, DateTimeOffset deadline, string hostname, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await PostAsync(account, url, payload: null, what, cancellationToken);
            var json = response.Json();
            if (!waiting.Contains(AcmeJson.String(json, "status", what)))
            {
                return json;
            }

            var now = _time.GetUtcNow();
            var delay = AcmeRetryAfter.Of(response.Headers, now) ?? AcmeRetryAfter.DefaultPollInterval;
            if (now + delay > deadline)
            {
                throw new AcmeUnavailableException(
                    $"The CA did not finish the {what} for {hostname} within {_options.OrderTimeout} (Paylent:Acme:OrderTimeout).");
            }

            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private Task<AcmeResponse> PostAsync(AcmeAccount account, Uri url, string? payload, string what, CancellationToken cancellationToken) =>
        _transport.PostAsync(account.AccountKey, account.Url, url, payload, JsonMediaType, what, cancellationToken);

    /// <summary>An order or challenge that is invalid fails with its error (RFC 8555 §7.1.3, §7.1.5), or, without one, as a protocol fault.</summary>
    private static void FailIfInvalid(JsonElement resource, string what, string hostname)
    {
        if (AcmeJson.String(resource, "status", what) != "invalid")
        {
            return;
        }

        throw resource.TryGetProperty("error", out var error)
            ? new AcmeProblemException(AcmeProblem.Read(error))
            : new AcmeProtocolException($"The CA's {what} for {hostname} is invalid and says no why.");
    }

    private static AcmeException ChallengeFailure(JsonElement authorization, AcmeHttp01Challenge answered, string hostname)
    {
        var status = AcmeJson.String(authorization, "status", "authorization");
        var challenges = AcmeJson.Array(authorization, "challenges", "authorization");
        var failed = challenges.FirstOrDefault(c => c.ValueKind == JsonValueKind.Object && AcmeJson.OptionalString(c, "url", "challenge") == answered.Url.AbsoluteUri);
        return failed.ValueKind == JsonValueKind.Object && failed.TryGetProperty("error", out var error)
            ? new AcmeProblemException(AcmeProblem.Read(error))
            : new AcmeProtocolException($"The CA's authorization for {hostname} is {status} and says no why.");
    }

    /// <summary>The chain must parse, and its leaf name the host and hold the key made for it: nothing else is handed back.</summary>
    private static void CheckChain(string pem, ECDsa key, string hostname)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            try
            {
                chain.ImportFromPem(pem);
            }
            catch (CryptographicException e)
            {
                throw new AcmeProtocolException($"The CA's certificate chain for {hostname} does not parse: {e.Message}");
            }

            if (chain.Count == 0)
            {
                throw new AcmeProtocolException($"The CA's certificate chain for {hostname} holds no certificate.");
            }

            using var leafKey = chain[0].GetECDsaPublicKey();
            var expected = key.ExportParameters(includePrivateParameters: false).Q;
            var actual = leafKey?.ExportParameters(includePrivateParameters: false).Q;
            if (actual is null || !actual.Value.X!.AsSpan().SequenceEqual(expected.X) || !actual.Value.Y!.AsSpan().SequenceEqual(expected.Y))
            {
                throw new AcmeProtocolException($"The CA's certificate for {hostname} is not for the key its CSR carried.");
            }

            if (!chain[0].MatchesHostname(hostname, allowWildcards: false))
            {
                throw new AcmeProtocolException($"The CA's certificate does not name {hostname}.");
            }
        }
        finally
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }
        }
    }

    private static bool IsAsciiLowercaseDnsName(string hostname) =>
        hostname.Length is > 0 and <= 253 && Ascii.IsValid(hostname) && !hostname.Any(char.IsAsciiLetterUpper)
        && Uri.CheckHostName(hostname) == UriHostNameType.Dns;

    [LoggerMessage(Level = LogLevel.Information, Message = "ACME order {Order} for {Hostname} placed; {Challenges} HTTP-01 challenge(s) to answer")]
    private static partial void LogOrdered(ILogger logger, string hostname, Uri order, int challenges);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The CA refused the new order for {Hostname} naming the certificate it replaces ({Problem}); ordering again without \"replaces\"")]
    private static partial void LogReplacesRefused(ILogger logger, string hostname, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The CA's renewal information is not used: {Problem} Certificates are renewed at two thirds of their lifetime")]
    private static partial void LogRenewalInfoUnusable(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACME certificate for {Hostname} issued: {Certificate}")]
    private static partial void LogIssued(ILogger logger, string hostname, Uri certificate);
}
