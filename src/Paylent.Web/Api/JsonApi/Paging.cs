using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Paylent.Application.Common.Paging;

namespace Paylent.Web.Api.JsonApi;

/// <summary><c>page[number]</c> / <c>page[size]</c> in, <c>links.self/first/prev/next</c> out, other parameters kept.</summary>
public static class Paging
{
    public static PageRequest Read(HttpRequest request) => new(
        Number(request, "page[number]", 1),
        Number(request, "page[size]", PageRequest.DefaultSize));

    public static Dictionary<string, string?> Links<T>(HttpRequest request, Page<T> page)
    {
        var links = new Dictionary<string, string?>
        {
            ["self"] = Link(request, page.Number, page.Size),
            ["first"] = Link(request, 1, page.Size),
            ["prev"] = page.HasPrevious ? Link(request, page.Number - 1, page.Size) : null,
            ["next"] = page.HasNext ? Link(request, page.Number + 1, page.Size) : null,
        };
        return links;
    }

    private static int Number(HttpRequest request, string name, int fallback)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return fallback;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw JsonApiException.BadParameter(name, $"{name} must be one positive whole number.");
    }

    private static string Link(HttpRequest request, int number, int size)
    {
        var query = request.Query
            .Where(p => p.Key is not ("page[number]" or "page[size]"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new("page[number]", number.ToString(CultureInfo.InvariantCulture)))
            .Append(new("page[size]", size.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(JsonApiResults.Origin(request) + request.Path, query);
    }
}
