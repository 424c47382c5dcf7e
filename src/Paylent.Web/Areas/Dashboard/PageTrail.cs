using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Paylent.Application.Tenancy;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// Every dashboard page's breadcrumbs and <c>&lt;title&gt;</c>, derived from
/// <see cref="DashboardNavigation"/> and the page's own <c>ViewData["Title"]</c>. A page below another
/// (a user's sessions below the user) names its parents with <see cref="AddParent"/>.
/// </summary>
public static class PageTrail
{
    public const string TitleKey = "Title";
    private const string ParentsKey = "PageTrail.Parents";
    private const string CurrentKey = "PageTrail.Current";

    /// <summary>A page between the sidebar entry and this one, linked from the trail.</summary>
    public static void AddParent(this ViewDataDictionary viewData, string title, string url)
    {
        var parents = viewData[ParentsKey] as List<Crumb> ?? [];
        parents.Add(new Crumb(title, url));
        viewData[ParentsKey] = parents;
    }

    /// <summary>The trail's last step, when shorter than the page's title ("Sessions" for "Sessions of ann@example.com").</summary>
    public static void SetCrumb(this ViewDataDictionary viewData, string title) => viewData[CurrentKey] = title;

    public static string DocumentTitle(ViewContext context)
    {
        var parts = new List<string>();
        if (context.ViewData[TitleKey] is string { Length: > 0 } title)
        {
            parts.Add(title);
        }

        if (context.ViewData[nameof(EnvironmentSummary)] is EnvironmentSummary environment)
        {
            parts.Add(environment.Slug);
        }

        parts.Add("Paylent");
        return string.Join(" · ", parts);
    }

    /// <summary>Environment, section, sidebar entry, parents, this page; the last one is the current page (no link).</summary>
    public static IReadOnlyList<Crumb> For(ViewContext context, IUrlHelper url)
    {
        var environment = (context.ViewData[nameof(EnvironmentSummary)] as EnvironmentSummary)?.Slug;
        var title = context.ViewData[TitleKey] as string ?? string.Empty;
        var crumbs = new List<Crumb>();
        if (environment is not null)
        {
            crumbs.Add(new Crumb(environment, DashboardNavigation.Overview.Url(url, environment)));
        }

        if (DashboardNavigation.Find(context.RouteData.Values["controller"] as string) is var (section, item))
        {
            if (section is not null)
            {
                crumbs.Add(new Crumb(section.Title, null));
            }

            if (item.Title != title)
            {
                crumbs.Add(new Crumb(item.Title, item.Url(url, environment)));
            }
        }

        if (context.ViewData[ParentsKey] is List<Crumb> parents)
        {
            crumbs.AddRange(parents);
        }

        crumbs.Add(new Crumb(context.ViewData[CurrentKey] as string ?? title, null));
        return crumbs;
    }
}

public sealed record Crumb(string Title, string? Url);
