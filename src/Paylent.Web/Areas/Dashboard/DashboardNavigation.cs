using Microsoft.AspNetCore.Mvc;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// The dashboard's sidebar, breadcrumbs and page titles come from this one list. A module adds its
/// page with one line in its area's section; a section without a page is not shown, so the sidebar
/// never links to a page that does not exist.
/// </summary>
public static class DashboardNavigation
{
    /// <summary>The landing page of an environment, above the sections.</summary>
    public static readonly NavigationItem Overview = NavigationItem.InEnvironment("Overview", "Overview");

    public static readonly IReadOnlyList<NavigationSection> Sections =
    [
        new("Users & access",
        [
            NavigationItem.InEnvironment("Users", "Users", "UserSessions"),
            NavigationItem.InEnvironment("Roles", "Roles"),
            NavigationItem.InEnvironment("Permissions", "Permissions"),
        ]),
        new("Applications",
        [
            NavigationItem.InEnvironment("OAuth clients", "OAuthClients", "OAuthClientWizard"),
            NavigationItem.InEnvironment("Signing keys", "SigningKeys"),
        ]),
        new("Organizations",
        [
            NavigationItem.InEnvironment("Organizations", "Organizations"),
        ]),
        new("Domains",
        [
            NavigationItem.InEnvironment("Custom domains", "Domains"),
        ]),
        new("Audit",
        [
            NavigationItem.InEnvironment("Audit log", "AuditEvents"),
        ]),
        new("Settings",
        [
            NavigationItem.ForAccount("Your sessions", "AdminSessions"),
            NavigationItem.External("Background jobs", JobsDashboard.Path),
        ]),
    ];

    /// <summary>The sections to show: those with a page reachable from where the admin is.</summary>
    public static IEnumerable<(NavigationSection Section, IReadOnlyList<NavigationItem> Items)> Visible(bool inEnvironment) =>
        Sections
            .Select(s => (s, (IReadOnlyList<NavigationItem>)s.Items.Where(i => inEnvironment || !i.NeedsEnvironment).ToList()))
            .Where(s => s.Item2.Count > 0);

    /// <summary>The sidebar entry a controller's pages belong to, and its section (none for the overview).</summary>
    public static (NavigationSection? Section, NavigationItem Item)? Find(string? controller)
    {
        if (controller is null)
        {
            return null;
        }

        if (Overview.Covers(controller))
        {
            return (null, Overview);
        }

        foreach (var section in Sections)
        {
            if (section.Items.FirstOrDefault(i => i.Covers(controller)) is { } item)
            {
                return (section, item);
            }
        }

        return null;
    }
}

/// <summary>An area of the dashboard in the sidebar (Users &amp; access, Applications, ...).</summary>
public sealed record NavigationSection(string Title, IReadOnlyList<NavigationItem> Items);

/// <summary>
/// A sidebar entry: a dashboard controller's index (in the current environment, or for the account)
/// or a path served outside MVC. <see cref="AlsoActiveOn"/> lists the controllers of its sub-pages, so
/// the entry stays highlighted there.
/// </summary>
public sealed record NavigationItem(string Title, string? Controller, string? Path, bool NeedsEnvironment, IReadOnlyList<string> AlsoActiveOn)
{
    public static NavigationItem InEnvironment(string title, string controller, params string[] alsoActiveOn) =>
        new(title, controller, null, true, alsoActiveOn);

    public static NavigationItem ForAccount(string title, string controller, params string[] alsoActiveOn) =>
        new(title, controller, null, false, alsoActiveOn);

    public static NavigationItem External(string title, string path) => new(title, null, path, false, []);

    public bool Covers(string controller) =>
        string.Equals(Controller, controller, StringComparison.Ordinal) || AlsoActiveOn.Contains(controller, StringComparer.Ordinal);

    public string Url(IUrlHelper url, string? environment) =>
        Path ?? url.Action("Index", Controller, NeedsEnvironment ? new { environment } : null)
        ?? throw new InvalidOperationException($"No route to {Controller}.Index.");
}
