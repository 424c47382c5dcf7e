namespace Paylent.Web.Areas.Dashboard;

/// <summary>What a list page shows when it has nothing yet: why, and the next step (<c>_EmptyState</c>).</summary>
public sealed record EmptyState(string TestId, string Message, string? ActionText = null, string? ActionUrl = null);
