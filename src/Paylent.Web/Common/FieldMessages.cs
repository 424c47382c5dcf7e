using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Paylent.Web.Common;

/// <summary>Ties a form field to its message for assistive technology (aria-invalid, aria-describedby).</summary>
public static class FieldMessages
{
    public static string? AriaInvalid(this ModelStateDictionary modelState, string field) => modelState.HasError(field) ? "true" : null;

    public static string? ErrorId(this ModelStateDictionary modelState, string field) => modelState.HasError(field) ? MessageId(field) : null;

    public static string MessageId(string field) => field + "-error";

    private static bool HasError(this ModelStateDictionary modelState, string field) => modelState[field]?.Errors.Count > 0;
}
