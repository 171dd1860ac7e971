//! The `takt` binary: `takt serve` runs the server; the other subcommands are batch tools
//! over the same engine.

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use takt_engine::Day;
use takt_engine::types::CustomerId;
use takt_server::auth::{self, Role};
use takt_server::{AppState, app, batch, store::Store};

#[derive(Debug, Parser)]
#[command(name = "takt", version, about = "Takt: offline-first supply planning")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Serve the JSON API and the SPA from one origin.
    Serve(ServeArgs),
    /// Plan one case (bc-planning.json schema) and print the planning lines as JSON.
    Plan {
        file: PathBuf,
        /// The case id, when FILE holds an array of cases.
        #[arg(long)]
        case: Option<String>,
    },
    /// Print the MRP card (seed 002 columns) of one case as JSON or CSV.
    MrpCard {
        file: PathBuf,
        #[arg(long)]
        case: Option<String>,
        /// Period length: day, week or month.
        #[arg(long, default_value = "week")]
        period: String,
        /// CSV instead of JSON.
        #[arg(long)]
        csv: bool,
    },
    /// Run one VMI case (vmi.json schema) and print {"proposals", "replaced"} as JSON.
    Vmi {
        file: PathBuf,
        #[arg(long)]
        case: Option<String>,
    },
    /// EDI: parse, import into the database, render outbound messages.
    #[command(subcommand)]
    Edi(EdiCmd),
    /// Manage users.
    #[command(subcommand)]
    User(UserCmd),
}

#[derive(Debug, Subcommand)]
enum EdiCmd {
    /// Print the normalized documents of an interchange (EDIFACT, X12 or VDA) as JSON.
    Parse { file: PathBuf },
    /// Apply an interchange to the database, all or nothing (as POST /api/v1/edi/inbound).
    Import {
        file: PathBuf,
        #[arg(long, env = "TAKT_DATA_DIR", default_value = "data")]
        data_dir: PathBuf,
        /// The customer the interchange is from (default: from the sender's partner profile).
        #[arg(long)]
        partner: Option<String>,
    },
    /// Print the shipping notice (asn) or invoice of a delivery in the customer's format.
    Render {
        #[arg(long)]
        kind: String,
        #[arg(long)]
        delivery: String,
        #[arg(long, env = "TAKT_DATA_DIR", default_value = "data")]
        data_dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum UserCmd {
    /// Add a user; the password is read from the first line of standard input.
    Add(UserAddArgs),
}

#[derive(Debug, clap::Args)]
struct UserAddArgs {
    #[arg(long)]
    name: String,
    /// planner, sales, customer or system.
    #[arg(long)]
    role: String,
    /// A customer the user is bound to (customer role only; repeat for several).
    #[arg(long = "customer")]
    customers: Vec<String>,
    /// Read the password from standard input (the only way: never on the command line).
    #[arg(long, required = true)]
    password_stdin: bool,
    /// Directory of the SQLite database.
    #[arg(long, env = "TAKT_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TAKT_BIND", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Port to listen on (0 = any free port; the chosen one is printed).
    #[arg(long, env = "TAKT_PORT", default_value_t = 8080)]
    port: u16,
    /// Directory for the SQLite database.
    #[arg(long, env = "TAKT_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
    /// The built SPA (trunk's dist/); without it only the API is served.
    #[arg(long, env = "TAKT_DIST")]
    dist: Option<PathBuf>,
    /// Do not seed the demo data set into an empty database.
    #[arg(long, env = "TAKT_NO_DEMO")]
    no_demo: bool,
}

fn main() {
    if let Err(e) = run(Cli::parse()) {
        eprintln!("takt: error: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Cmd::Serve(args) => serve(args),
        Cmd::Plan { file, case } => print(batch::plan(&file, case.as_deref())),
        Cmd::MrpCard {
            file,
            case,
            period,
            csv,
        } => print(batch::mrp_card(&file, case.as_deref(), &period, csv)),
        Cmd::Vmi { file, case } => print(batch::vmi(&file, case.as_deref())),
        Cmd::Edi(EdiCmd::Parse { file }) => print(batch::edi_parse(&file)),
        Cmd::Edi(EdiCmd::Import {
            file,
            data_dir,
            partner,
        }) => print(batch::edi_import(&file, &data_dir, partner.as_deref())),
        Cmd::Edi(EdiCmd::Render {
            kind,
            delivery,
            data_dir,
        }) => print(batch::edi_render(&kind, &delivery, &data_dir)),
        Cmd::User(UserCmd::Add(args)) => user_add(args),
    }
}

fn print(result: anyhow::Result<String>) -> anyhow::Result<()> {
    println!("{}", result?);
    Ok(())
}

fn user_add(args: UserAddArgs) -> anyhow::Result<()> {
    let role = Role::parse(&args.role).with_context(|| {
        format!(
            "unknown role {:?}: planner, sales, customer or system",
            args.role
        )
    })?;
    anyhow::ensure!(args.password_stdin, "pass --password-stdin");
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .context("reading the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']);
    anyhow::ensure!(
        !password.is_empty(),
        "the password on standard input is empty"
    );
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("creating data directory {}", args.data_dir.display()))?;
    let store = Store::open(&args.data_dir.join("takt.sqlite3"))?;
    let hash = auth::hash_password(password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let customers: Vec<CustomerId> = args.customers.iter().map(CustomerId::new).collect();
    store
        .add_user(
            &args.name,
            role,
            &customers,
            &hash,
            &takt_server::now_utc().to_rfc3339(),
        )
        .map_err(|e| anyhow::anyhow!("adding user {}: {e}", args.name))?;
    println!("takt: added {} user {}", role.as_str(), args.name);
    Ok(())
}

/// The demo's users: name = password, documented in docs/sync.md.
const DEMO_USERS: &[(&str, Role, &[&str])] = &[
    ("planner", Role::Planner, &[]),
    ("sales", Role::Sales, &[]),
    ("customer", Role::Customer, &["OEM-WOB"]),
    ("mes", Role::System, &[]),
];

fn seed_demo_users(store: &Store, now: &str) -> anyhow::Result<()> {
    if store.user_count().map_err(|e| anyhow::anyhow!("{e}"))? > 0 {
        return Ok(());
    }
    for (name, role, customers) in DEMO_USERS {
        let hash = auth::hash_password(name).map_err(|e| anyhow::anyhow!("{e}"))?;
        let customers: Vec<CustomerId> = customers.iter().map(|c| CustomerId::new(*c)).collect();
        store
            .add_user(name, *role, &customers, &hash, now)
            .map_err(|e| anyhow::anyhow!("adding demo user {name}: {e}"))?;
    }
    println!("takt: added the demo users planner, sales, customer, mes (password = name)");
    Ok(())
}

/// Now, for the demo's `as_of`: the server, not the engine, owns the clock.
fn now() -> chrono::DateTime<chrono::Utc> {
    takt_server::now_utc()
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("creating data directory {}", args.data_dir.display()))?;
    let db = args.data_dir.join("takt.sqlite3");
    let store = Store::open(&db)?;
    if !args.no_demo {
        let now = now();
        let seeded = store
            .seed_demo_if_empty(Day::from_date(now.date_naive()), &now.to_rfc3339())
            .map_err(|e| anyhow::anyhow!("seeding demo data: {e}"))?;
        if seeded > 0 {
            println!("takt: seeded the demo data set ({seeded} commands)");
        }
        seed_demo_users(&store, &now.to_rfc3339())?;
    }
    if let Some(dist) = &args.dist {
        anyhow::ensure!(
            dist.join("index.html").is_file(),
            "{} has no index.html: build the SPA first (cargo xtask run does)",
            dist.display()
        );
    }
    let state = AppState::new(store, args.dist.clone());
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port))
            .await
            .with_context(|| format!("binding {}:{}", args.bind, args.port))?;
        let addr = listener.local_addr()?;
        println!("takt: serving on http://{addr} (database {})", db.display());
        axum::serve(listener, app(state))
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        println!("takt: stopped");
        anyhow::Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
