using System.Text.Json;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// The CA's directory (RFC 8555 §7.1.1): where each operation is posted, and <see cref="RenewalInfo"/>
/// when the CA offers ACME Renewal Information (RFC 9773 §3; null: it does not).
/// </summary>
internal sealed record AcmeDirectory(Uri NewNonce, Uri NewAccount, Uri NewOrder, Uri? RenewalInfo)
{
    public static AcmeDirectory Read(JsonElement json) => new(
        AcmeJson.Url(json, "newNonce", "directory"),
        AcmeJson.Url(json, "newAccount", "directory"),
        AcmeJson.Url(json, "newOrder", "directory"),
        AcmeJson.OptionalString(json, "renewalInfo", "directory") is { } renewalInfo
            ? AcmeJson.AbsoluteHttps(renewalInfo, "\"renewalInfo\" of the CA's directory")
            : null);
}
