using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Paylent.IntegrationTests.Support;

/// <summary>Reads pages the way a browser would, to find forms, tokens and messages.</summary>
public static class Html
{
    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static string AntiforgeryToken(IHtmlDocument document) =>
        document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException("The page has no antiforgery token.");

    public static IReadOnlyList<string> Errors(IHtmlDocument document) =>
        document.QuerySelectorAll(".error-summary li").Select(li => li.TextContent.Trim()).ToList();
}
