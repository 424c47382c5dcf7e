namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// What a list page shows when it has nothing: why, and the next step (<c>_EmptyState</c>). The first
/// thing to create is a button; the way out of a search or filter that matched nothing is a plain link
/// (<see cref="Primary"/> false), the form's own buttons staying the main actions.
/// </summary>
public sealed record EmptyState(string TestId, string Message, string? ActionText = null, string? ActionUrl = null, bool Primary = true);
