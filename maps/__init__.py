"""Every map the app draws: folium builders, the offline Leaflet assets, click reading,
the GIS import preview, and the planning map (``maps.planning``). Never imports Streamlit."""
