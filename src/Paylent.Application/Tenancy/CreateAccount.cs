using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Application.Tenancy.Contracts;
using Paylent.Domain.Common;
using Paylent.Domain.Tenancy;

namespace Paylent.Application.Tenancy;

/// <summary>Creates an account with its default environments and its first dashboard admin.</summary>
/// <param name="ManagementClientSecret">
/// The secret of every new environment's <c>paylent-management</c> client, as an operator configured
/// it; null gives each environment its own generated secret, so test and production never share a
/// credential.
/// </param>
public sealed record CreateAccount(string Slug, string Name, string AdminEmail, string AdminPassword, string? ManagementClientSecret)
    : ICommand<CreatedAccount>;

/// <param name="GeneratedManagementClientSecrets">
/// Per environment id, the <c>paylent-management</c> secret generated for it (empty when one was
/// given): held in memory only, to be shown once; the database keeps its hash.
/// </param>
public sealed record CreatedAccount(
    Guid AccountId, string Slug, Guid AdminId, IReadOnlyList<EnvironmentSummary> Environments,
    IReadOnlyDictionary<Guid, string> GeneratedManagementClientSecrets);

internal sealed class CreateAccountValidator : AbstractValidator<CreateAccount>
{
    public CreateAccountValidator()
    {
        RuleFor(c => c.Slug).Must(Slug.IsValidAccountSlug)
            .WithMessage("An account slug is 1-40 lower-case letters, digits and inner hyphens.");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Account.MaxNameLength);
        RuleFor(c => c.AdminEmail).MustBeDeliverableEmail();
        RuleFor(c => c.AdminPassword).MustBeAcceptablePassword();
        RuleFor(c => c.ManagementClientSecret).MinimumLength(32).MaximumLength(256)
            .WithMessage("The management client secret is 32-256 characters (use at least 256 random bits).")
            .When(c => c.ManagementClientSecret is not null);
    }
}

internal sealed class CreateAccountHandler(
    ITenancyData db, IPasswordHasher hasher, EnvironmentContext scope, IModuleEvents events, TimeProvider clock)
    : ICommandHandler<CreateAccount, CreatedAccount>
{
    public async Task<CreatedAccount> Handle(CreateAccount command, CancellationToken cancellationToken)
    {
        if (await db.Accounts.AnyAsync(a => a.Slug == command.Slug, cancellationToken))
        {
            throw new DomainException("slug_taken", $"The account slug '{command.Slug}' is taken.", nameof(command.Slug));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var account = Account.Create(command.Slug, command.Name, now);
        scope.EnterAccount(account.Id);
        var environments = Account.DefaultEnvironments.Select(slug => account.AddEnvironment(slug, now)).ToList();
        var admin = Admin.Create(account, command.AdminEmail, hasher.Hash(command.AdminPassword), now);

        db.Accounts.Add(account);
        db.Environments.AddRange(environments);
        db.Admins.Add(admin);
        var generatedSecrets = new Dictionary<Guid, string>();
        foreach (var environment in environments)
        {
            var secret = command.ManagementClientSecret ?? (generatedSecrets[environment.Id] = Secrets.NewToken());
            events.Raise(new EnvironmentCreated(environment.Id, Secrets.Hash(secret), now));
        }

        return new CreatedAccount(
            account.Id,
            account.Slug,
            admin.Id,
            environments.Select(e => new EnvironmentSummary(e.Id, account.Id, account.Slug, e.Slug)).ToList(),
            generatedSecrets);
    }
}
