namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// An order for one DNS name (RFC 8555 §7.4) and the HTTP-01 challenges still to answer: before
/// <see cref="AcmeClient.CompleteOrderAsync"/>, each must be served at
/// <c>http://{Hostname}/.well-known/acme-challenge/{Token}</c> with its <c>KeyAuthorization</c>.
/// </summary>
public sealed record AcmeOrder(Uri Url, string Hostname, Uri Finalize, IReadOnlyList<AcmeHttp01Challenge> Challenges);

/// <summary>One pending HTTP-01 challenge (RFC 8555 §8.3) of an authorization.</summary>
public sealed record AcmeHttp01Challenge(Uri Authorization, Uri Url, string Token, string KeyAuthorization)
{
    /// <summary>The path the CA fetches on the hostname, over plain HTTP on port 80.</summary>
    public string Path => $"/.well-known/acme-challenge/{Token}";
}
