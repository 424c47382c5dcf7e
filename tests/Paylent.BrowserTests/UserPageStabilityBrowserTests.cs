using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;
using Paylent.Testing;

namespace Paylent.BrowserTests;

/// <summary>
/// A link on a user's page stays under the pointer while the page finishes: nothing is swapped in above
/// it after the page has loaded (a roles section loaded afterwards pushed the links below it down, so a
/// press on a link and its release landed on different elements and the click was lost).
/// </summary>
public sealed class UserPageStabilityBrowserTests(Browser browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_link_pressed_while_the_user_page_finishes_loading_opens_its_page_when_released()
    {
        var user = await App.SendAsync("test", new CreateUser(new UserProfile($"ada-{Guid.NewGuid():N}@example.com", null, "Ada", null), null));
        var page = await SignedInPageAsync();

        // Should the page still load a part of itself afterwards, that part arrives only once the link is pressed.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(new Regex($"/users/{user.Id}/roles$"), async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync(new Uri(App.Url(), $"/environments/test/users/{user.Id}").ToString());

        var link = page.GetByTestId("user-organizations-empty").GetByRole(AriaRole.Link, new() { Name = "Organizations" });
        var box = (await link.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.Mouse.DownAsync();
        release.SetResult();
        await Assertions.Expect(page.GetByTestId("subject-roles")).ToBeVisibleAsync();
        await page.Mouse.UpAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/environments/test/organizations$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Organizations", Exact = true })).ToBeVisibleAsync();
    }
}
