/*
 * test/clients/JdbcTest.java: read, describe, bind and round-trip
 * trade_screen's types through Debian's PostgreSQL JDBC driver
 * (libpostgresql-jdbc-java), as DBeaver, Metabase, Tableau or Superset's JDBC
 * path would: ResultSet values in text and binary transfer, ResultSetMetaData
 * and DatabaseMetaData.getColumns, parameters of prepared statements bound
 * the ways BI tools bind them.  Run by test/integration/client_jdbc.sh after
 * test/clients/fixture.sql.  Scoring: the screening composite of the view
 * client_screening, whole, field by field and its jsonb reasons one by one,
 * compared with what psql printed for them (test/clients/screening_expected.sh).
 *
 * Arguments: the server's Unix socket file, the database and the directory
 * of psql's output.  The driver
 * speaks TCP only; UnixSocketFactory below hands it a Unix-domain socket
 * (Java 16+), so the test needs no TCP listener.  Prints one line per check
 * and exits 1 if any failed.
 */
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import javax.net.SocketFactory;
import java.nio.charset.StandardCharsets;
import org.postgresql.PGConnection;
import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGobject;

public class JdbcTest
{
	static final String[] TYPES = {"hscode", "hsset", "country", "route"};
	static final String[] COLUMNS = {"hs", "goods", "country", "route"};
	static int failures = 0;
	static String socketPath;
	static String database;
	static String expectedDir;

	/* Report one check. */
	static void check(boolean ok, String what)
	{
		System.out.println((ok ? "ok: " : "FAIL: ") + what);
		if (!ok)
			failures++;
	}

	/*
	 * A socket factory for the driver's socketFactory option: every socket
	 * it makes connects to the Unix socket named by socketFactoryArg,
	 * whatever host and port the driver asks for.
	 */
	public static class UnixSocketFactory extends SocketFactory
	{
		private final String path;

		public UnixSocketFactory(String path)
		{
			this.path = path;
		}

		@Override
		public Socket createSocket()
		{
			return new UnixSocket(path);
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException
		{
			Socket s = createSocket();
			s.connect(null, 0);
			return s;
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException
		{
			return createSocket(host, port);
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException
		{
			return createSocket("", port);
		}

		@Override
		public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException
		{
			return createSocket("", port);
		}
	}

	/* A java.net.Socket over a Unix-domain SocketChannel; TCP options are no-ops. */
	static class UnixSocket extends Socket
	{
		private final String path;
		private SocketChannel channel;
		private InputStream in;
		private OutputStream out;

		UnixSocket(String path)
		{
			this.path = path;
		}

		@Override
		public void connect(SocketAddress ignored, int timeout) throws IOException
		{
			channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
			in = Channels.newInputStream(channel);
			out = Channels.newOutputStream(channel);
		}

		@Override
		public void connect(SocketAddress ignored) throws IOException
		{
			connect(ignored, 0);
		}

		@Override
		public InputStream getInputStream()
		{
			return in;
		}

		@Override
		public OutputStream getOutputStream()
		{
			return out;
		}

		@Override
		public boolean isConnected()
		{
			return channel != null && channel.isConnected();
		}

		@Override
		public void close() throws IOException
		{
			if (channel != null)
				channel.close();
		}

		@Override
		public void setTcpNoDelay(boolean on)
		{
		}

		@Override
		public void setKeepAlive(boolean on)
		{
		}

		@Override
		public void setSoTimeout(int timeout)
		{
		}

		@Override
		public int getSoTimeout()
		{
			return 0;
		}

		@Override
		public void setReceiveBufferSize(int size)
		{
		}

		@Override
		public void setSendBufferSize(int size)
		{
		}
	}

	/*
	 * The class a Java user registers (PGConnection.addDataType) to move one
	 * of our types in binary: the driver knows no binary form of types it
	 * does not ship, and without it gives getString() == null for a binary
	 * column.  Our binary form is the canonical text, so the value is the
	 * bytes as UTF-8.  Counts how often each path ran, so the test can tell
	 * binary transfer really happened.
	 */
	public static class TextBinary extends PGobject implements PGBinaryObject
	{
		static int received = 0;
		static int sent = 0;

		@Override
		public void setByteValue(byte[] bytes, int offset)
		{
			received++;
			value = new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
		}

		@Override
		public int lengthInBytes()
		{
			return value.getBytes(StandardCharsets.UTF_8).length;
		}

		@Override
		public void toBytes(byte[] bytes, int offset)
		{
			sent++;
			byte[] b = value.getBytes(StandardCharsets.UTF_8);
			System.arraycopy(b, 0, bytes, offset, b.length);
		}
	}

	/* A connection with the given extra driver properties (name, value, ...). */
	static Connection connect(String... extra) throws SQLException
	{
		Properties p = new Properties();
		p.setProperty("user", "postgres");
		p.setProperty("sslmode", "disable");
		p.setProperty("socketFactory", UnixSocketFactory.class.getName());
		p.setProperty("socketFactoryArg", socketPath);
		for (int i = 0; i < extra.length; i += 2)
			p.setProperty(extra[i], extra[i + 1]);
		return DriverManager.getConnection("jdbc:postgresql://localhost/" + database, p);
	}

	/* Read client_values and compare every value of our types with its text. */
	static void readValues(Connection c, String mode) throws SQLException
	{
		/* a prepared statement, so that with prepareThreshold=-1 results come binary */
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT id, hs, hs_text, goods, goods_text, country, country_text, route, route_text"
				+ " FROM client_values ORDER BY id"))
		{
			for (int round = 0; round < 2; round++)
			{
				int rows = 0;
				try (ResultSet rs = ps.executeQuery())
				{
					while (rs.next())
					{
						rows++;
						for (int i = 2; i <= 8; i += 2)
						{
							String got = rs.getString(i);
							String want = rs.getString(i + 1);
							Object obj = rs.getObject(i);
							String objValue = obj == null ? null
								: obj instanceof PGobject ? ((PGobject) obj).getValue() : obj.toString();
							check(Objects.equals(got, want) && Objects.equals(objValue, want),
								  mode + " read " + (round + 1) + ", row " + rs.getInt(1) + ", "
								  + rs.getMetaData().getColumnName(i) + ": getString " + got
								  + ", getObject " + (obj == null ? "null" : obj.getClass().getSimpleName()));
						}
					}
				}
				check(rows == 6, mode + " read " + (round + 1) + ": " + rows + " rows");
			}
		}
	}

	/* A way of binding a parameter: statement, index, SQL type name, value. */
	interface Binder
	{
		void bind(PreparedStatement ps, int index, String type, String value) throws SQLException;
	}

	/* Run the bound filters of client_filters, binding the parameter with b. */

	static void boundFilters(Connection c, String how, Binder b, boolean mayFail42883) throws SQLException
	{
		List<Object[]> filters = new ArrayList<>();
		try (Statement st = c.createStatement();
			 ResultSet rs = st.executeQuery("SELECT filter, param, expected FROM client_filters ORDER BY id"))
		{
			while (rs.next())
				filters.add(new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)});
		}
		for (Object[] f : filters)
		{
			String sql = "SELECT count(*) FROM client_decl WHERE " + f[0];
			try (PreparedStatement ps = c.prepareStatement(sql))
			{
				b.bind(ps, 1, null, (String) f[1]);
				try (ResultSet rs = ps.executeQuery())
				{
					rs.next();
					long n = rs.getLong(1);
					check(n == (Long) f[2] && n > 0, how + ": " + f[0] + " with " + f[1] + ": " + n
						  + ", expected " + f[2]);
				}
			}
			catch (SQLException e)
			{
				/* a varchar parameter finds no hscode <@ varchar operator */
				check(mayFail42883 && "42883".equals(e.getSQLState()),
					  how + ": " + f[0] + " with " + f[1] + ": SQLSTATE " + e.getSQLState()
					  + (mayFail42883 ? " (no operator for a varchar parameter)" : ""));
			}
		}
	}

	/* Insert client_values' texts bound with b into client_bound at id + offset; compare. */
	static void roundTrip(Connection c, String how, Binder b, int offset) throws SQLException
	{
		List<String[]> values = new ArrayList<>();
		try (Statement st = c.createStatement();
			 ResultSet rs = st.executeQuery(
				 "SELECT id, hs_text, goods_text, country_text, route_text FROM client_values ORDER BY id"))
		{
			while (rs.next())
				values.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
										 rs.getString(4), rs.getString(5)});
		}
		try (PreparedStatement ps = c.prepareStatement("INSERT INTO client_bound VALUES (?, ?, ?, ?, ?)"))
		{
			for (String[] v : values)
			{
				ps.setInt(1, Integer.parseInt(v[0]) + offset);
				for (int i = 0; i < 4; i++)
				{
					if (v[i + 1] == null)
						ps.setNull(i + 2, Types.OTHER);
					else
						b.bind(ps, i + 2, TYPES[i], v[i + 1]);
				}
				ps.executeUpdate();
			}
		}
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT count(*) FROM client_bound b JOIN client_values v ON v.id = b.id - ?"
				+ " WHERE b.hs IS NOT DISTINCT FROM v.hs AND b.goods IS NOT DISTINCT FROM v.goods"
				+ " AND b.country IS NOT DISTINCT FROM v.country AND b.route IS NOT DISTINCT FROM v.route"))
		{
			ps.setInt(1, offset);
			try (ResultSet rs = ps.executeQuery())
			{
				rs.next();
				check(rs.getInt(1) == values.size(),
					  how + ": bound values round-trip: " + rs.getInt(1) + " of " + values.size());
			}
		}
	}

	/* The rows of a file psql wrote with -At -F '\t', as fields. */
	static List<String[]> psqlRows(String file) throws IOException
	{
		List<String[]> rows = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of(expectedDir, file), StandardCharsets.UTF_8))
			rows.add(line.split("\t", -1));
		return rows;
	}

	/* The elements of a text[] as PostgreSQL prints them (no quoting needed here). */
	static String arrayText(Array a) throws SQLException
	{
		if (a == null)
			return null;
		return "{" + String.join(",", (String[]) a.getArray()) + "}";
	}

	/*
	 * The screening composite of client_screening read whole (getString and
	 * getObject, a PGobject of type screening), field by field (score as a
	 * double equal to psql's text parsed, the level, the reasons as jsonb
	 * text, fired as a java.sql.Array, the profile and its version), and the
	 * reasons one per row, all compared with psql's output.  With binary
	 * transfer the driver receives the float8, int8 and text[] fields in
	 * binary: their getString is the driver's formatting (Java's for numbers,
	 * every array element quoted), so there the values are compared.
	 */
	static void readScreening(Connection c, String mode, boolean binary) throws Exception
	{
		List<String[]> want = psqlRows("screening.tsv");
		int rows = 0;
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT id, s, (s).score, (s).level, (s).reasons, (s).fired, (s).profile, (s).profile_version"
				+ " FROM client_screening ORDER BY id");
			 ResultSet rs = ps.executeQuery())
		{
			while (rs.next())
			{
				String[] w = want.get(rows++);
				Object whole = rs.getObject(2);
				Object reasons = rs.getObject(5);
				List<String> bad = new ArrayList<>();

				if (rs.getInt(1) != Integer.parseInt(w[0]))
					bad.add("id");
				if (!w[1].equals(rs.getString(2)))
					bad.add("composite text " + rs.getString(2));
				if (!(whole instanceof PGobject) || !"screening".equals(((PGobject) whole).getType())
					|| !w[1].equals(((PGobject) whole).getValue()))
					bad.add("composite getObject " + whole);
				if (rs.getDouble(3) != Double.parseDouble(w[2]) || (!binary && !w[2].equals(rs.getString(3))))
					bad.add("score " + rs.getString(3));
				if (!w[3].equals(rs.getString(4)))
					bad.add("level " + rs.getString(4));
				if (!w[4].equals(rs.getString(5)) || !(reasons instanceof PGobject)
					|| !"jsonb".equals(((PGobject) reasons).getType()) || !w[4].equals(((PGobject) reasons).getValue()))
					bad.add("reasons " + rs.getString(5));
				if (!w[5].equals(arrayText(rs.getArray(6))) || (!binary && !w[5].equals(rs.getString(6))))
					bad.add("fired " + rs.getString(6));
				if (!w[6].equals(rs.getString(7)))
					bad.add("profile " + rs.getString(7));
				if (rs.getLong(8) != Long.parseLong(w[7]))
					bad.add("profile_version " + rs.getLong(8));
				check(bad.isEmpty(), mode + " screening of row " + w[0] + " as psql prints it"
					  + (bad.isEmpty() ? ": score " + rs.getDouble(3) + ", " + rs.getString(6) : ": " + bad));
			}
		}
		check(rows == want.size() && rows == 10, mode + " screening: " + rows + " rows, psql " + want.size());

		want = psqlRows("reasons.tsv");
		rows = 0;
		int same = 0;
		boolean nonAscii = false;
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT id, r.n, r.e->>'indicator', (r.e->>'contribution')::float8, r.e->'evidence'"
				+ " FROM client_screening, jsonb_array_elements((s).reasons) WITH ORDINALITY r(e, n)"
				+ " ORDER BY id, r.n");
			 ResultSet rs = ps.executeQuery())
		{
			while (rs.next())
			{
				String[] w = rows < want.size() ? want.get(rows) : new String[5];
				rows++;
				if (String.valueOf(rs.getInt(1)).equals(w[0]) && String.valueOf(rs.getLong(2)).equals(w[1])
					&& Objects.equals(rs.getString(3), w[2]) && w[3] != null
					&& rs.getDouble(4) == Double.parseDouble(w[3]) && Objects.equals(rs.getString(5), w[4]))
					same++;
				else
					System.out.println("  differs from psql: " + rs.getString(3) + " " + rs.getString(5));
				nonAscii |= rs.getString(5).chars().anyMatch(ch -> ch > 127);
			}
		}
		check(rows == want.size() && same == rows && nonAscii,
			  mode + " reasons one per row, indicator, contribution and jsonb evidence as psql prints them: "
			  + same + " of " + rows + " (psql " + want.size() + ")" + (nonAscii ? ", non-ASCII evidence included" : ""));
	}

	public static void main(String[] args) throws Exception
	{
		socketPath = args[0];
		database = args[1];
		expectedDir = args[2];

		try (Connection c = connect())
		{
			readValues(c, "text");

			/* what a BI tool learns from the result and from the catalog */
			try (Statement st = c.createStatement();
				 ResultSet rs = st.executeQuery("SELECT hs, goods, country, route FROM client_values LIMIT 0"))
			{
				ResultSetMetaData md = rs.getMetaData();
				for (int i = 1; i <= 4; i++)
					check(md.getColumnTypeName(i).equals(TYPES[i - 1]),
						  "ResultSetMetaData " + md.getColumnName(i) + ": type name " + md.getColumnTypeName(i)
						  + ", java.sql.Types " + md.getColumnType(i) + ", class " + md.getColumnClassName(i));
			}
			DatabaseMetaData dmd = c.getMetaData();
			for (int i = 0; i < 4; i++)
			{
				try (ResultSet rs = dmd.getColumns(null, "public", "client_values", COLUMNS[i]))
				{
					boolean found = rs.next();
					check(found && rs.getString("TYPE_NAME").equals(TYPES[i]),
						  "getColumns " + COLUMNS[i] + ": TYPE_NAME " + (found ? rs.getString("TYPE_NAME") : null)
						  + ", DATA_TYPE " + (found ? rs.getInt("DATA_TYPE") : null)
						  + ", COLUMN_SIZE " + (found ? rs.getInt("COLUMN_SIZE") : null));
				}
			}

			/* binding as BI tools do */
			boundFilters(c, "setObject(OTHER)", (ps, i, t, v) -> ps.setObject(i, v, Types.OTHER), false);
			boundFilters(c, "setString", (ps, i, t, v) -> ps.setString(i, v), true);
			try (Statement st = c.createStatement())
			{
				st.execute("TRUNCATE client_bound");
			}
			roundTrip(c, "setObject(OTHER)", (ps, i, t, v) -> ps.setObject(i, v, Types.OTHER), 0);
			roundTrip(c, "PGobject", (ps, i, t, v) -> {
				PGobject o = new PGobject();
				o.setType(t);
				o.setValue(v);
				ps.setObject(i, o);
			}, 100);

			/* a bad value: the server's SQLSTATE reaches the application */
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO client_bound (id, hs) VALUES (99, ?)"))
			{
				ps.setObject(1, "85x2", Types.OTHER);
				ps.executeUpdate();
				check(false, "bad hscode accepted");
			}
			catch (SQLException e)
			{
				check("22P02".equals(e.getSQLState()), "bad hscode bound: SQLSTATE " + e.getSQLState());
			}
		}

		/* stringtype=unspecified, the setting BI tools' connection dialogs offer */
		try (Connection c = connect("stringtype", "unspecified"))
		{
			boundFilters(c, "setString, stringtype=unspecified", (ps, i, t, v) -> ps.setString(i, v), false);
			roundTrip(c, "setString, stringtype=unspecified",
					  (ps, i, t, v) -> ps.setString(i, v), 200);
		}

		/* binary transfer of our types: the driver asks for binary results of these OIDs */
		String oids;
		try (Connection c = connect();
			 Statement st = c.createStatement();
			 ResultSet rs = st.executeQuery("SELECT string_agg(oid::text, ',') FROM pg_type"
											+ " WHERE typname IN ('hscode', 'hsset', 'country', 'route')"))
		{
			rs.next();
			oids = rs.getString(1);
		}
		try (Connection c = connect("prepareThreshold", "-1", "binaryTransferEnable", oids))
		{
			for (String t : TYPES)
				c.unwrap(PGConnection.class).addDataType(t, TextBinary.class);
			readValues(c, "binary");
			/* two reads of 5 rows with 4 non-null values, each decoded once or more */
			check(TextBinary.received >= 2 * 5 * 4,
				  "binary read: " + TextBinary.received + " decodings of values in binary form");
			roundTrip(c, "binary", (ps, i, t, v) -> {
				TextBinary o = new TextBinary();
				o.setType(t);
				o.setValue(v);
				ps.setObject(i, o);
			}, 300);
			check(TextBinary.sent == 5 * 4, "binary bind: " + TextBinary.sent + " values sent in binary form");
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO client_bound (id, hs) VALUES (399, ?)"))
			{
				TextBinary o = new TextBinary();
				o.setType("hscode");
				o.setValue("85x2");
				ps.setObject(1, o);
				ps.executeUpdate();
				check(false, "bad hscode accepted in binary");
			}
			catch (SQLException e)
			{
				check("22P02".equals(e.getSQLState()), "bad hscode bound in binary: SQLSTATE " + e.getSQLState());
			}
		}

		/* scoring: the screening composite, its fields and its jsonb reasons */
		try (Connection c = connect())
		{
			readScreening(c, "text", false);

			/* what a BI tool learns of a column of the composite type */
			try (Statement st = c.createStatement();
				 ResultSet rs = st.executeQuery("SELECT s, (s).reasons FROM client_screening LIMIT 0"))
			{
				ResultSetMetaData md = rs.getMetaData();
				check("screening".equals(md.getColumnTypeName(1)) && "jsonb".equals(md.getColumnTypeName(2)),
					  "ResultSetMetaData s: type name " + md.getColumnTypeName(1) + ", java.sql.Types "
					  + md.getColumnType(1) + ", class " + md.getColumnClassName(1) + "; reasons: type name "
					  + md.getColumnTypeName(2) + ", java.sql.Types " + md.getColumnType(2));
			}
			for (String table : new String[] {"client_screening", "client_screened"})
			{
				try (ResultSet rs = c.getMetaData().getColumns(null, "public", table, "s"))
				{
					boolean found = rs.next();
					check(found && "screening".equals(rs.getString("TYPE_NAME")),
						  "getColumns " + table + ".s: TYPE_NAME " + (found ? rs.getString("TYPE_NAME") : null)
						  + ", DATA_TYPE " + (found ? rs.getInt("DATA_TYPE") : null));
				}
			}
		}
		try (Connection c = connect("prepareThreshold", "-1"))
		{
			readScreening(c, "binary (float8, int8, text[] fields)", true);
		}

		System.out.println(failures + " failures");
		System.exit(failures == 0 ? 0 : 1);
	}
}
