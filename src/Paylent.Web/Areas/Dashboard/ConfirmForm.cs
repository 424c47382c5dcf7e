namespace Paylent.Web.Areas.Dashboard;

/// <summary>The button of a confirmation page: its form posts back to the page's own address.</summary>
public sealed record ConfirmForm(string Button, string CancelUrl, bool Destructive = false);
