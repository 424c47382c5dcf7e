using System.Text.Json;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// The CA's directory (RFC 8555 §7.1.1): where each operation is posted, and <see cref="RenewalInfo"/>
/// when the CA offers ACME Renewal Information (RFC 9773 §3; null: it does not). Renewal information is
/// an extension: a <c>renewalInfo</c> that is not an https URL turns it off (<see cref="RenewalInfoProblem"/>
/// says why), and certificates are still ordered and renewed at two thirds of their lifetime.
/// </summary>
internal sealed record AcmeDirectory(Uri NewNonce, Uri NewAccount, Uri NewOrder, Uri? RenewalInfo, string? RenewalInfoProblem = null)
{
    public static AcmeDirectory Read(JsonElement json)
    {
        var (newNonce, newAccount, newOrder) = (
            AcmeJson.Url(json, "newNonce", "directory"), AcmeJson.Url(json, "newAccount", "directory"), AcmeJson.Url(json, "newOrder", "directory"));
        try
        {
            return new(newNonce, newAccount, newOrder, AcmeJson.OptionalString(json, "renewalInfo", "directory") is { } renewalInfo
                ? AcmeJson.AbsoluteHttps(renewalInfo, "\"renewalInfo\" of the CA's directory")
                : null);
        }
        catch (AcmeProtocolException unusable)
        {
            return new(newNonce, newAccount, newOrder, RenewalInfo: null, unusable.Message);
        }
    }
}
