using Microsoft.EntityFrameworkCore;
using Paylent.Domain.Tenancy;

namespace Paylent.Application.Tenancy;

/// <summary>
/// The Tenancy module's tables, and nothing else: its handlers' data port. The one context implements
/// every module's port, so a command touching several modules is still one save, one transaction.
/// Handlers do not save: the unit of work does, once, at the end of each command.
/// </summary>
public interface ITenancyData
{
    DbSet<Account> Accounts { get; }

    DbSet<PaylentEnvironment> Environments { get; }

    DbSet<Admin> Admins { get; }

    DbSet<AdminSession> AdminSessions { get; }
}
