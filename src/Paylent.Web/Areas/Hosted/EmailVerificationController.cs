using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Identity.Recovery;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// The link of a verification email. Opening it only shows a button: mail scanners fetch links, and
/// a fetch must not spend the token. Confirming posts it.
/// </summary>
public sealed class EmailVerificationController : HostedController
{
    [HttpGet(HostedPaths.VerifyEmail)]
    public IActionResult Index([FromQuery] EmailLinkForm link) =>
        link.HasToken ? Page("Index", link) : InvalidLink(StatusCodes.Status200OK);

    [HttpPost(HostedPaths.VerifyEmail)]
    public async Task<IActionResult> Confirm([FromForm] EmailLinkForm link)
    {
        var (verified, _) = await TrySendAsync(new VerifyEmail(link.Token ?? string.Empty));
        return verified ? Page("Verified") : InvalidLink(StatusCodes.Status400BadRequest);
    }

    private ViewResult InvalidLink(int status) => Page("InvalidLink", EmailLinkPurpose.EmailVerification, status);
}
