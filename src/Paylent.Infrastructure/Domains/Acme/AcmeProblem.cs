using System.Text.Json;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// An RFC 7807 problem document from the CA (RFC 8555 §6.7): <see cref="Type"/> is an
/// <c>urn:ietf:params:acme:error:*</c> URN for ACME's own errors; a subproblem names the identifier it is about (§6.7.1).
/// </summary>
public sealed record AcmeProblem(string Type, string? Detail, int? Status, string? Identifier, IReadOnlyList<AcmeProblem> Subproblems)
{
    public const string MediaType = "application/problem+json";

    public const string BadNonce = "urn:ietf:params:acme:error:badNonce";

    public const string AccountDoesNotExist = "urn:ietf:params:acme:error:accountDoesNotExist";

    /// <summary>RFC 9773 §7.4: the certificate a newOrder's <c>replaces</c> names was replaced already.</summary>
    public const string AlreadyReplaced = "urn:ietf:params:acme:error:alreadyReplaced";

    public const string Malformed = "urn:ietf:params:acme:error:malformed";

    public const string Conflict = "urn:ietf:params:acme:error:conflict";

    /// <summary>RFC 8555 §6.7: the client lacks sufficient authorization (for <c>replaces</c>: the certificate is another account's).</summary>
    public const string Unauthorized = "urn:ietf:params:acme:error:unauthorized";

    public override string ToString()
    {
        var text = Identifier is null ? $"{Type}: {Detail}" : $"{Type} ({Identifier}): {Detail}";
        return Subproblems.Count == 0 ? text : $"{text} [{string.Join("; ", Subproblems)}]";
    }

    /// <summary>Reads a problem object; a document that is not one is the CA's fault, not a problem it reports.</summary>
    internal static AcmeProblem Read(JsonElement problem)
    {
        if (problem.ValueKind != JsonValueKind.Object)
        {
            throw new AcmeProtocolException("The CA sent a problem document that is not a JSON object.");
        }

        var subproblems = new List<AcmeProblem>();
        if (problem.TryGetProperty("subproblems", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new AcmeProtocolException("The CA sent a problem document whose subproblems are not an array.");
            }

            subproblems.AddRange(list.EnumerateArray().Select(Read));
        }

        // RFC 7807 §4.2: a problem without a type is "about:blank".
        return new AcmeProblem(
            AcmeJson.OptionalString(problem, "type", "problem document") ?? "about:blank",
            AcmeJson.OptionalString(problem, "detail", "problem document"),
            problem.TryGetProperty("status", out var status) && status.TryGetInt32(out var code) ? code : null,
            problem.TryGetProperty("identifier", out var identifier) && identifier.ValueKind == JsonValueKind.Object
                ? AcmeJson.OptionalString(identifier, "value", "problem identifier")
                : null,
            subproblems);
    }
}
