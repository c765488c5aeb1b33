print("routesim")
