using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Paylent.Application.Common.Behaviors;
using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Application.Domains;
using Paylent.Application.Domains.Contracts;
using Paylent.Application.Identity;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Application.Access;
using Paylent.Application.Access.Assignments;
using Paylent.Application.Access.Checks;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Organizations;
using Paylent.Application.Organizations.Contracts;
using Paylent.Application.Organizations.Invitations;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.OAuth.Authorization;
using Paylent.Application.OAuth.Clients;
using Paylent.Application.OAuth.Contracts;
using Paylent.Application.OAuth.Tokens;
using Paylent.Application.Tenancy;
using Paylent.Application.Tenancy.Contracts;
using Paylent.Domain.Common;
using Paylent.Domain.Tenancy;

namespace Paylent.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers every request handler, module-event handler and validator of this assembly (by our own scan: FluentValidation's DI package is not in the registry) and the pipeline around them:
    /// validation first, then the unit of work (which also captures the audit trail).
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        var assembly = typeof(DependencyInjection).Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && HandlerContracts.Contains(i.GetGenericTypeDefinition())))
            {
                // Validators are stateless and build their rules in the constructor: build them once.
                services.Add(new ServiceDescriptor(contract, type,
                    contract.GetGenericTypeDefinition() == typeof(IValidator<>) ? ServiceLifetime.Singleton : ServiceLifetime.Transient));
            }
        }

        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddScoped<IDispatcher, Dispatcher>();
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(UnitOfWorkBehavior<,>));
        services.AddScoped<EnvironmentContext>();
        services.AddScoped<AuditContext>();
        services.AddScoped<AfterCommit>();
        services.AddScoped<TokenIssuanceCounter>();
        services.AddScoped<ModuleEventDispatcher>();
        services.AddScoped<IModuleEvents>(sp => sp.GetRequiredService<ModuleEventDispatcher>());
        services.AddScoped<ClientAuthenticator>();
        services.AddScoped<TokenLookup>();
        services.AddScoped<UserTokenIssuer>();
        services.AddScoped<GrantFamilies>();
        services.AddScoped<AuthorizationRequestReader>();
        services.AddScoped<SessionStarter>();
        services.AddScoped<ISessionStatus, SessionStatus>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<IClientDirectory, ClientDirectory>();
        services.AddScoped<IAccessClaims, AccessClaims>();
        services.AddScoped<RoleSubjects>();
        services.AddScoped<EffectiveAccessReader>();
        services.AddScoped<IRoleDirectory, RoleDirectory>();
        services.AddScoped<IOrganizationMemberships, OrganizationMemberships>();
        services.AddScoped<OwnerGuard>();
        services.AddScoped<InvitationEmails>();
        services.AddScoped<IInvitationProof, InvitationProof>();
        services.AddScoped<EmailTokens>();
        services.AddScoped<IEnvironmentHosts, EnvironmentHosts>();
        services.AddScoped<IActiveDomains, ActiveDomains>();
        services.AddScoped<DomainVerification>();
        services.AddScoped<SignInAttempts>();
        services.TryAddSingleton<PaylentMetrics>();
        services.TryAddSingleton<TokenIssuanceTally>();
        services.TryAddSingleton(IdentityPolicies.Default);

        // One lockout policy for end users and dashboard admins, configured with the end users' (Paylent:Identity).
        services.TryAddSingleton(sp => sp.GetRequiredService<IdentityPolicies>().Lockout);
        services.TryAddSingleton(AdminSessionPolicy.Default);
        return services;
    }

    private static readonly HashSet<Type> HandlerContracts = [typeof(IRequestHandler<,>), typeof(IModuleEventHandler<>), typeof(IValidator<>)];
}
