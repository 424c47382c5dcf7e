using System.Text.Json;
using FluentValidation;
using Paylent.Application.Common;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Organizations;

/// <summary>Input shape of an organization's fields, shared by create and update.</summary>
internal static class OrganizationRules
{
    public static IRuleBuilderOptions<T, string?> MustBeOrganizationName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Organization.MaxNameLength).MustBePrintable();

    /// <summary>
    /// Metadata's text, before the domain checks its shape: bounded, and every key and string value
    /// text Paylent accepts (<see cref="InputRules.IsText"/>), escaped or not.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> MustBeMetadataText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(m => m is null || (m.Length <= Organization.MaxMetadataBytes && HoldsOnlyText(m)))
            .WithMessage($"Metadata is a JSON object of at most {Organization.MaxMetadataBytes} bytes whose keys and strings are valid text (no NUL).");

    private static bool HoldsOnlyText(string metadata)
    {
        try
        {
            using var document = JsonDocument.Parse(metadata, new JsonDocumentOptions { MaxDepth = Organization.MaxMetadataDepth });
            return IsText(document.RootElement);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // Not JSON, too deep, or an escaped lone surrogate: the domain names the first two; the last is no text.
            return error is JsonException;
        }
    }

    private static bool IsText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().All(p => InputRules.IsText(p.Name) && IsText(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().All(IsText),
        JsonValueKind.String => InputRules.IsText(element.GetString()),
        _ => true,
    };
}
