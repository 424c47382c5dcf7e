using System.Text.Json;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>The CA's directory (RFC 8555 §7.1.1): where each operation is posted.</summary>
internal sealed record AcmeDirectory(Uri NewNonce, Uri NewAccount, Uri NewOrder)
{
    public static AcmeDirectory Read(JsonElement json) => new(
        AcmeJson.Url(json, "newNonce", "directory"),
        AcmeJson.Url(json, "newAccount", "directory"),
        AcmeJson.Url(json, "newOrder", "directory"));
}
