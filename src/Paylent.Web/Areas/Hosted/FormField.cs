namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// One labelled input of a hosted form. Its id is its name, so the error summary links to it; its
/// message and hint are tied to it for assistive technology.
/// </summary>
/// <param name="Autocomplete">The HTML autocomplete token (<c>email</c>, <c>current-password</c>, <c>new-password</c>, ...).</param>
public sealed record FormField(
    string Name, string Label, string? Value, string Autocomplete, string Type = "text", int MaxLength = 254, bool Required = true, string? Hint = null)
{
    public string HintId => Name + "-hint";
}
