using Microsoft.AspNetCore.Routing.Template;
using Paylent.Web.Common;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// The page to open again after a post: the posted address when a GET answers it too (a form's own
/// page), else the nearest address above it that one does. An action's post
/// (<c>users/{id}/roles/{roleId}/remove</c>, <c>users/{id}/verify-email</c>) has no page of its own; the
/// resource it acts on does.
/// </summary>
public sealed class NearestPage(EndpointDataSource endpoints)
{
    // Built when first asked (only a form-expired page asks), from the dashboard host's endpoints a GET
    // reaches. Route constraints are not checked: an address is only compared with the dashboard's pages.
    private readonly Lazy<TemplateMatcher[]> _pages = new(() =>
    [
        .. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HostKindAttribute>()?.Kind == HostKind.Dashboard
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true)
            .Select(e => new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary())),
    ]);

    /// <returns>A path on this host, by the one rule of <see cref="ReturnUrl"/>: never one a browser would read as another host's.</returns>
    public string For(PathString posted)
    {
        for (var path = posted.Value?.TrimEnd('/') ?? string.Empty; ReturnUrl.IsAllowed(path); path = path[..path.LastIndexOf('/')])
        {
            if (_pages.Value.Any(page => page.TryMatch(path, new RouteValueDictionary())))
            {
                // Encoded again as it came: a label's %3F or %23 stays part of the path.
                return new PathString(path).ToUriComponent();
            }
        }

        return "/";
    }
}
